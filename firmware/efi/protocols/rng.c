/*
 * EFI_RNG_PROTOCOL on the platform entropy source (SMCCC TRNG or RNDR), which
 * yields raw entropy: the raw algorithm is the only one and the default.
 *
 * Rule -> status: list size NULL, or value NULL / length 0 ->
 * EFI_INVALID_PARAMETER; list too small -> EFI_BUFFER_TOO_SMALL with the
 * size; another algorithm -> EFI_UNSUPPORTED; source failure -> EFI_DEVICE_ERROR.
 */
#include "firmware/efi/core.h"
#include "firmware/platform/rng.h"

static efi_status_t get_info(efi_rng_t *self, uint64_t *list_size, efi_rng_algorithm_t *list)
{
	(void)self;
	if (!list_size)
		return EFI_INVALID_PARAMETER;
	if (*list_size < sizeof(efi_rng_algorithm_t)) {
		*list_size = sizeof(efi_rng_algorithm_t);
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!list)
		return EFI_INVALID_PARAMETER;
	list[0] = efi_rng_algorithm_raw_guid;
	*list_size = sizeof(efi_rng_algorithm_t);
	return EFI_SUCCESS;
}

static efi_status_t get_rng(efi_rng_t *self, efi_rng_algorithm_t *algorithm, uint64_t length,
			    uint8_t *value)
{
	(void)self;
	if (!value || !length)
		return EFI_INVALID_PARAMETER;
	if (algorithm && !efi_guid_equal(algorithm, &efi_rng_algorithm_raw_guid))
		return EFI_UNSUPPORTED;
	return rng_read(value, length) ? EFI_SUCCESS : EFI_DEVICE_ERROR;
}

static efi_rng_t rng_protocol = { .get_info = get_info, .get_rng = get_rng };

/* Without an entropy source there is no protocol: loaders then fall back by themselves. */
efi_status_t efi_rng_install(void)
{
	efi_handle_t handle = NULL;

	if (!rng_available())
		return EFI_UNSUPPORTED;
	return db_install(&efi_db, &handle, &efi_rng_protocol_guid, &rng_protocol);
}
