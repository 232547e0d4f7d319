/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the zlib/PNG/Ethernet checksum.
 * crc32_update(0, "123456789", 9) == 0xCBF43926; chain calls by passing the previous result. */
#ifndef SETTINGS_CRC32_H
#define SETTINGS_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32_update(uint32_t crc, const void *data, size_t len);

#endif
