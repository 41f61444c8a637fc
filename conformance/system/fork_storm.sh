# fork_storm.sh - process creation under load: 200 `sh -c` children with
# their exit statuses, 100 short pipelines, 30 background jobs at once
# (each writes its own file; `wait` collects them all), nested shells, and
# command substitution in a loop.  Prints only sums and checksums, so the
# result does not depend on the order in which the children ran.
mkdir -p /tmp/t && cd /tmp/t || exit 1

echo "== 200 sh -c with exit statuses"
i=0; sum=0
while [ $i -lt 200 ]; do
	sh -c "exit $((i % 7))"
	sum=$((sum + $?))
	i=$((i + 1))
done
echo "sum of exit statuses: $sum"

echo "== 100 pipelines"
i=0
while [ $i -lt 100 ]; do
	echo "item $i" | tr a-z A-Z | sed 's/ITEM/N/' >> piped
	i=$((i + 1))
done
wc -l < piped
md5sum < piped

echo "== 30 background jobs"
i=0
while [ $i -lt 30 ]; do
	( seq 1 $i | awk '{ s += $1 } END { print s + 0 }' > bg.$i ) &
	i=$((i + 1))
done
wait
cat bg.* | sort -n | md5sum
ls bg.* | wc -l

echo "== nested shells"
sh -c 'sh -c "sh -c \"echo three levels deep; exit 5\""; echo "inner status $?"'
echo "outer status $?"

echo "== command substitution"
total=0
for n in $(seq 1 50); do
	total=$((total + $(echo $n | wc -c)))
done
echo "characters: $total"

echo "== exec replaces the shell"
sh -c 'exec echo "exec ran echo"; echo "not reached"'

cd / && rm -r /tmp/t
