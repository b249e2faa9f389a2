/* Byte offsets of the store's on-flash structures (rules: varstore_check.c). */
#ifndef EFILITE_PARSERS_VARSTORE_VARSTORE_FORMAT_H
#define EFILITE_PARSERS_VARSTORE_VARSTORE_FORMAT_H

/* Area header, at offset 0 of each area. */
#define AREA_MAGIC_LO 0x5641564cu /* "LVAV" */
#define AREA_MAGIC_HI 0x31535241u /* "ARS1": bytes "LVAVARS1" */
#define AREA_OFF_MAGIC 0
#define AREA_OFF_VERSION 8
#define AREA_OFF_HEADER_SIZE 12
#define AREA_OFF_AREA_SIZE 16
#define AREA_OFF_GENERATION 24
#define AREA_OFF_SUM 32 /* over bytes [8, 32) */
#define AREA_SUMMED_FROM 8
#define AREA_SUMMED_TO 32
#define AREA_OFF_RESERVED 36 /* to the end of the header: erased */

/* Record header. */
#define REC_MAGIC 0x43455256u /* "VREC" */
#define REC_COMMITTED 0x54494d43u /* "CMIT" */
#define REC_ERASED 0xffffffffu
#define REC_OFF_MAGIC 0
#define REC_OFF_COMMIT 4
#define REC_OFF_SEQ 8
#define REC_OFF_GUID 16
#define REC_OFF_ATTRIBUTES 32
#define REC_OFF_NAME_SIZE 36
#define REC_OFF_DATA_SIZE 40
#define REC_OFF_BODY_SUM 44
#define REC_OFF_HEADER_SUM 48 /* over bytes [8, 48) */
#define REC_SUMMED_FROM 8
#define REC_SUMMED_TO 48
#define REC_OFF_RESERVED 52
#endif
