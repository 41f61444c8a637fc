# net_loopback.sh - sockets on the loopback interface (guest/user/t_net.c):
# UDP and TCP between processes of the guest, through lo.  The host runs
# the same program on its own loopback, so the lines must be identical;
# no NIC is needed, so it runs on every backend.
t_net udp
echo "t_net udp exit $?"
t_net tcp
echo "t_net tcp exit $?"
