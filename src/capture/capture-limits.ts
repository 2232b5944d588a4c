/** Size limits that keep memory bounded whatever a (corrupt) capture claims. */

/** Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD: no real frame of the link types we read is larger. */
export const MAX_FRAME_BYTES = 262_144;

/** Largest pcapng block we buffer; anything longer is treated as corruption rather than read into memory. */
export const MAX_PCAPNG_BLOCK_BYTES = 16 * 1024 * 1024;

/** File read size: 1 MiB reads were the fastest in design/performance-anchors.md (64 KiB was 5-9x slower). */
export const READ_CHUNK_BYTES = 1024 * 1024;
