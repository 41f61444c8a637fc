# net_ip.sh - BusyBox ip over rtnetlink and udhcpc over AF_PACKET on QEMU's
# user network: ip link/addr/route/neigh show the state ifconfig, route
# and /proc/net/arp show; ip changes addresses, routes, MTU and up/down,
# and ifconfig, route and a ping to the gateway see the change; refused
# and malformed changes (t_netlink guest) change nothing; udhcpc, with the
# interface's address removed, leases 10.0.2.15 from QEMU's DHCP server
# (after t_packet's checks of AF_PACKET errors and an ARP exchange)
# and its default script configures the interface again.
# Without a network interface it says SKIP.
ifconfig eth0 >/dev/null 2>&1 || { echo "SKIP: no network interface (vmi_net_count() is 0)"; exit 0; }

# The MAC is the backend's choice (a hypervisor's VIF has its own).
nomac() { sed 's/ether [0-9a-f:]*/ether <mac>/; s/HWaddr [0-9A-Fa-f:]*/HWaddr <mac>/'; }
pings() { ping -c 1 10.0.2.2 | grep -c 'bytes from 10.0.2.2'; }

echo "== ip link"
ip link | nomac
mac=$(ifconfig eth0 | sed -n 's/.*HWaddr \([0-9A-Fa-f:]*\).*/\1/p')
[ "$(ip link show eth0 | sed -n 's/.*ether \([0-9a-f:]*\).*/\1/p')" = "$(echo "$mac" | tr A-F a-f)" ] &&
	echo "ip and ifconfig show the same MAC"
echo "== ip addr"
ip addr | nomac
ip -o -4 addr
echo "== ip route"
ip route
ip route get 10.0.2.2
ip route get 8.8.8.8
ip route get 10.0.2.15
echo "== ip neigh"
pings
ip neigh | nomac | sed 's/lladdr [0-9a-f:]*/lladdr <gw>/'
ip neigh | grep -q "^10.0.2.2 dev eth0 lladdr $(grep '^10.0.2.2 ' /proc/net/arp | awk '{print $4}') REACHABLE" &&
	echo "ip neigh and /proc/net/arp agree"
echo "== ip link set"
ip link set eth0 mtu 1400
ip link show eth0 | head -1
ifconfig eth0 | grep -o 'MTU:[0-9]*'
ip link set eth0 mtu 1501 || echo "mtu 1501 refused"
ip link set eth0 down
ip link show eth0 | head -1
ifconfig eth0 | grep -c ' UP '
ip link set eth0 up
ip link set eth0 mtu 1500
ifconfig eth0 | grep -o ' UP .*MTU:[0-9]*'
pings
echo "== ip addr del, add"
ip addr del 10.0.2.15/24 dev eth0
ifconfig eth0 | grep -c 'inet addr'
ip addr show dev eth0 | grep -c inet
route -n
ip addr add 10.0.2.15/24 dev eth0
ip addr add 10.0.2.99/24 dev eth0 || echo "a second address refused"
ip addr del 10.0.2.99/24 dev eth0 || echo "deleting an absent address refused"
ifconfig eth0 | grep 'inet addr'
ip route
echo "== ip route add, del"
ip route add default via 10.0.2.2
ip route add default via 10.0.2.2 || echo "the same route twice refused"
ip route add 192.168.7.0/24 dev eth0
ip route add 10.9.0.0/16 via 10.0.9.9 || echo "an unreachable gateway refused"
route -n
pings
ip route del 192.168.7.0/24
ip route del default via 10.0.2.2
ip route del default || echo "deleting an absent route refused"
route -n
route add default gw 10.0.2.2
ip route
pings
echo "== refused and malformed changes"
t_netlink guest > /tmp/t_netlink.out
echo "t_netlink exit $?"
grep -v '^PASS' /tmp/t_netlink.out
ip -o -4 addr
ip route
ifconfig eth0 | grep -o ' UP .*MTU:[0-9]*'
echo "== AF_PACKET"
t_packet
echo "t_packet exit $?"
echo "== udhcpc"
ip addr del 10.0.2.15/24 dev eth0
ip route
udhcpc -i eth0 -q -n -t 20 2>&1 | grep 'lease of'
ifconfig eth0 | grep 'inet addr'
route -n
cat /etc/resolv.conf
pings
echo "== done"
