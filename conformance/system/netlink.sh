# netlink.sh - AF_NETLINK/NETLINK_ROUTE sockets under odd and hostile
# messages (guest/user/t_netlink.c, read-only checks): the host runs the
# same program against Linux, so the lines must be identical.  No NIC is
# needed (lo is enough), so it runs on every backend.
t_netlink read
echo "t_netlink exit $?"
