# test_victim_checksum.py - the victim's hard-coded CRC is the host's value
# for the same data (scripts/victim_checksum.py), so the constant cannot rot.
import re
import unittest

from scripts.tests.util import load

ref = load("victim_checksum", "scripts/victim_checksum.py")


class VictimChecksumTest(unittest.TestCase):
    def test_constant_matches_host(self):
        with open("conformance/victim/checksum.c") as f:
            src = f.read()
        want = int(re.search(r"#define EXPECTED_CRC (0x[0-9a-fA-F]+)u", src).group(1), 16)
        self.assertEqual(ref.expected_crc(), want)


if __name__ == "__main__":
    unittest.main()
