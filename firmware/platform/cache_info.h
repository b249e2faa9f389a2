/*
 * What the cache ID registers say code written as data needs before
 * instruction fetch may see it (Arm ARM, CTR_EL0.IDC): plain arithmetic,
 * host unit tested.
 */
#ifndef EFILITE_PLATFORM_CACHE_INFO_H
#define EFILITE_PLATFORM_CACHE_INFO_H
#include <stdbool.h>
#include <stdint.h>

/*
 * Whether it must be cleaned from the data cache to the point of
 * unification: not when CTR_EL0.IDC's Effective value is 1, that is when
 * IDC reads 1, when CLIDR_EL1 puts the point of coherency before every cache
 * level (LoC 0), or both points of unification (LoUIS and LoUU 0). QEMU's
 * max CPU reads IDC 0 with LoUIS and LoUU 0 (FEAT_S2FWB requires them).
 */
bool cache_clean_to_pou_needed(uint64_t ctr, uint64_t clidr);
#endif
