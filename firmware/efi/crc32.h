/* CRC-32 (IEEE 802.3, reflected, as CalculateCrc32 and table headers use it). */
#ifndef EFILITE_EFI_CRC32_H
#define EFILITE_EFI_CRC32_H
#include <stddef.h>
#include <stdint.h>

uint32_t crc32(const void *buf, size_t len);
#endif
