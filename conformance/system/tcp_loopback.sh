# tcp_loopback.sh - TCP through the loopback interface with BusyBox nc:
# 2 MiB each way with their checksums, a connection refused by a closed
# port (RST), and 20 short connections in a row to one echo server (each
# through the handshake, data, FIN in both directions).  The server side
# is started in the background and the client retries until it is
# listening, so nothing depends on timing; only checksums, data and exit
# statuses are printed.  Ports 47311..47314 keep clear of the host's own.
mkdir -p /tmp/t && cd /tmp/t || exit 1

i=0
while [ $i -lt 4000 ]; do
	echo "line $i $((i * 7919)) abcdefghijklmnopqrstuvwxyz"
	i=$((i + 1))
done > part
cat part part part part part part part part part part part part > big
ls -l big | awk '{ print $5 }'
md5sum < big

echo "== client to server: the server's md5sum of what it read, sent back"
nc -l -p 47311 -e md5sum &
until nc 127.0.0.1 47311 < big 2>/dev/null; do sleep 1; done
wait

echo "== server to client"
nc -l -p 47312 -e cat big &
until nc 127.0.0.1 47312 < /dev/null > got 2>/dev/null; do sleep 1; done
wait
md5sum < got

echo "== a closed port refuses"
nc 127.0.0.1 47313 < /dev/null
echo "status $?"

echo "== 20 connections to one echo server"
nc -ll -p 47314 -e cat &
server=$!
i=0
while [ $i -lt 20 ]; do
	until echo "hello $i" | nc 127.0.0.1 47314 2>/dev/null; do sleep 1; done
	i=$((i + 1))
done
kill $server
wait

cd / && rm -r /tmp/t
