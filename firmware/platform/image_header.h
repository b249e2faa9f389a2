/*
 * The header at the start of the firmware's RAM image (platform/start.S),
 * read by the first stage (firmware/stage1) once it has expanded the image
 * to FW_IMAGE_BASE. Included by assembly too.
 */
#ifndef EFILITE_PLATFORM_IMAGE_HEADER_H
#define EFILITE_PLATFORM_IMAGE_HEADER_H

#define FW_IMAGE_MAGIC 0x4c494645 /* "EFIL" */
/* The early tables: L0, L1, the [1 GiB, 2 GiB) L2 and the firmware RAM's L3. */
#define EARLY_TABLES_SIZE 0x4000

#ifndef __ASSEMBLER__
#include <stdint.h>

struct fw_image_header {
	uint32_t branch;       /* to the entry code past this header */
	uint32_t magic;        /* FW_IMAGE_MAGIC */
	uint64_t text_end;     /* [FW_IMAGE_BASE, text_end) is code, page aligned */
	uint64_t image_end;    /* FW_IMAGE_BASE + the image's size */
	uint64_t ram_end;      /* end of everything the firmware uses in RAM */
	uint64_t early_tables; /* EARLY_TABLES_SIZE bytes, page aligned, past image_end */
	/* Written by the first stage: CNTVCT_EL0 at reset and when it hands over. */
	uint64_t stage1_start_ticks;
	uint64_t stage1_end_ticks;
};

extern struct fw_image_header fw_image_header; /* platform/start.S */
#endif
#endif
