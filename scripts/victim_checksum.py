#!/usr/bin/env python3
"""victim_checksum.py - the reference value of conformance/victim/checksum.c:
CRC-32 (zlib) of 1 MiB of xorshift32 output, seed 12345, little-endian words.
Run it to see the constant the victim checks; a host unit test compares."""
import zlib


def victim_data(words=1 << 18, seed=12345):
    x, out = seed, bytearray()
    for _ in range(words):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out += x.to_bytes(4, "little")
    return bytes(out)


def expected_crc():
    return zlib.crc32(victim_data()) & 0xFFFFFFFF


if __name__ == "__main__":
    print("%#010x" % expected_crc())
