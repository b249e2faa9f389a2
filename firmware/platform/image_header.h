/*
 * The header at the start of the firmware's RAM image (platform/start.S),
 * read by the first stage (firmware/stage1) once it has expanded the image
 * to FW_IMAGE_BASE. Included by assembly too.
 */
#ifndef EFILITE_PLATFORM_IMAGE_HEADER_H
#define EFILITE_PLATFORM_IMAGE_HEADER_H

#define FW_IMAGE_MAGIC 0x4c494645 /* "EFIL" */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct fw_image_header {
	uint32_t branch;       /* to the entry code past this header */
	uint32_t magic;        /* FW_IMAGE_MAGIC */
	uint64_t text_end;     /* [FW_IMAGE_BASE, text_end) is code, page aligned */
	uint64_t image_end;    /* FW_IMAGE_BASE + the image's size */
	uint64_t ram_end;      /* end of everything the firmware uses in RAM */
	uint64_t early_tables; /* EARLY_TABLES_BASE (layout.h), as this image was linked */
	/* Written by the first stage: CNTVCT_EL0 at reset and when it hands over. */
	uint64_t stage1_start_ticks;
	uint64_t stage1_end_ticks;
};

extern struct fw_image_header fw_image_header; /* platform/start.S */
#endif
#endif
