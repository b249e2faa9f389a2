#include "parsers/bytes/status_message.h"
#include "parsers/eltorito/eltorito.h"

static const char *const messages[ELTORITO_ERR_COUNT] = {
	[ELTORITO_OK] = "ok",
	[ELTORITO_ERR_ARGUMENT] = "El Torito: bad argument",
	[ELTORITO_ERR_BLOCK_SIZE] = "El Torito: block size not 512 to 4096",
	[ELTORITO_ERR_READ] = "El Torito: read error",
	[ELTORITO_ERR_NO_BOOT_RECORD] = "no El Torito boot record in sector 17",
	[ELTORITO_ERR_ISO_NO_BOOT_RECORD] = "ISO 9660 image with no El Torito boot record in sector 17",
	[ELTORITO_ERR_CATALOG_BEYOND_DISK] = "El Torito boot catalog beyond the disk",
	[ELTORITO_ERR_VALIDATION_ENTRY] = "El Torito validation entry: bad header ID or key bytes",
	[ELTORITO_ERR_CHECKSUM] = "El Torito validation entry checksum mismatch",
	[ELTORITO_ERR_BOOT_INDICATOR] = "El Torito entry: bad boot indicator",
	[ELTORITO_ERR_CATALOG_OVERRUN] = "El Torito section entries run past the catalog",
	[ELTORITO_ERR_IMAGE_BEYOND_DISK] = "El Torito boot image beyond the disk",
	[ELTORITO_ERR_IMAGE_MISALIGNED] = "El Torito boot image not on a disk block",
	[ELTORITO_ERR_TOO_MANY_IMAGES] = "El Torito: too many EFI boot images",
};

const char *eltorito_strerror(int status)
{
	return bytes_status_message(messages, ELTORITO_ERR_COUNT, status,
				    "unknown El Torito status");
}
