# net_host.sh - the guest on QEMU's user network, driven with the host
# peer of conformance/net_tests.py: interface and route configuration,
# ping to the gateway, UDP echo, the host fetching a page from BusyBox
# httpd with curl, and 16 MiB each way through nc with checksums.
# Without a network interface (vmi_net_count() == 0) it says SKIP.
ifconfig eth0 >/dev/null 2>&1 || { echo "SKIP: no network interface (vmi_net_count() is 0)"; exit 0; }

# Offer one step to the host peer; its answer is printed.
step() { echo "$1" | nc -l -p 7000; }
# Wait until a TCP port of ours listens (a state, not a delay).
listening() {
	p=$(printf ':%04X 00000000:0000 0A' "$1")
	until grep -q "$p" /proc/net/tcp; do sleep 0.05; done
}

echo "== configuration"
# (the MAC is the backend's choice: a hypervisor's VIF has its own)
ifconfig eth0 | head -3 | sed 's/HWaddr [0-9a-fA-F:]*/HWaddr <mac>/'
ifconfig lo | head -3
route -n
echo "== ping"
ping -c 3 10.0.2.2 | grep -c 'bytes from 10.0.2.2'
grep '^10.0.2.2 ' /proc/net/arp
echo "== udp echo"
port=$(step udp | cut -d' ' -f2)
t_net udp-echo 10.0.2.2 "$port"
echo "== http"
httpd -p 80 -h /www
listening 80
step http
echo "== host to guest"
nc -l -p 5001 > /tmp/push &
listening 5001
want=$(step push)
echo "$want"
wait
[ "$(md5sum < /tmp/push | cut -d' ' -f1)" = "${want##* }" ] && echo "push: the guest's md5 matches"
echo "== guest to host: the same bytes back"
nc -l -p 5002 < /tmp/push > /dev/null &
listening 5002
step pull
wait
echo "== done"
