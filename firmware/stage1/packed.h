/*
 * What pack.py appends to the first stage in flash: a 16-byte header, then
 * the LZ4 block of the firmware's RAM image. All fields little-endian.
 */
#ifndef EFILITE_STAGE1_PACKED_H
#define EFILITE_STAGE1_PACKED_H

#define PACKED_MAGIC 0x5a4c4645 /* "EFLZ" */
#define PACKED_SIZE_OFFSET 4        /* bytes of the LZ4 block */
#define PACKED_IMAGE_SIZE_OFFSET 8  /* bytes of the RAM image it expands to */
#define PACKED_CHECKSUM_OFFSET 12   /* Adler-32 of the LZ4 block */
#define PACKED_HEADER_SIZE 16
#endif
