# abi_gaps.sh - what BusyBox's own testsuite found missing: large reads of
# /dev/zero, /dev/full, `which` with PATH unset (its default path), long
# argument and environment strings (128 KiB each, as Linux allows), and
# chroot.
dd if=/dev/zero bs=1M count=2 2>/dev/null | wc -c
dd if=/dev/zero of=/dev/null bs=1M count=1 2>&1 | head -2
head -c 5 /dev/full | od -An -tx1
echo x >/dev/full 2>/dev/null; echo "write to /dev/full: $?"
BUSYBOX=$(type -p busybox)
echo "type -p busybox: $BUSYBOX"
(unset PATH; $BUSYBOX which ls; echo "which ls without PATH: $?")
big=$(head -c 131071 /dev/zero | tr '\0' a)
echo "a 128 KiB argument: $(echo "$big" | wc -c) $(sh -c 'echo ${#1}' sh "$big")"
BIG="${big%aaaa}" sh -c 'echo "a 128 KiB environment string: ${#BIG}"'
sh -c 'echo ${#1}' sh "${big}b" >/dev/null 2>&1; echo "one string over 128 KiB: status $?"
mkdir -p /tmp/jail/bin
cp /bin/busybox /tmp/jail/bin/
for a in sh cat ls; do ln -s busybox /tmp/jail/bin/$a; done
echo inside >/tmp/jail/marker
chroot /tmp/jail /bin/sh -c 'cat /marker; cd /; ls /; cd ..; ls; cd /bin/../..; pwd'
echo "chroot: $?"
