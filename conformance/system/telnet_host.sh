# telnet_host.sh - BusyBox telnetd in the guest on QEMU's user network,
# reached from the host through a forwarded port: the host peer of
# conformance/net_tests.py logs in as a minimal telnet client (offering a
# window size of 80x24 with NAWS), runs commands in the shell telnetd
# starts on a pseudo-terminal, and reports what they printed.
# Without a network interface (vmi_net_count() == 0) it says SKIP.
ifconfig eth0 >/dev/null 2>&1 || { echo "SKIP: no network interface (vmi_net_count() is 0)"; exit 0; }

# Offer one step to the host peer; its answer is printed.
step() { echo "$1" | nc -l -p 7000; }

telnetd -F -p 23 -l /bin/sh &
tpid=$!
until grep -q ':0017 00000000:0000 0A' /proc/net/tcp; do sleep 0.05; done
echo "== telnet from the host"
step telnet
kill $tpid
wait $tpid 2>/dev/null
echo "telnetd ended: $?"
