# busybox_workload.sh - a BusyBox workload: some 60 applets, pipelines, text
# tools, checksums over generated data, tar and gzip round trips, files and
# directories created, renamed, linked and removed.
#
# Runs as /etc/cmd in the guest (on both backends) and on the host; the
# outputs must be identical, so nothing here prints a time, a pid, a size on
# disk or anything else that depends on the machine, and every listing
# whose order comes from a directory is sorted.
mkdir -p /tmp/t && cd /tmp/t || exit 1

echo "== generate"
seq 1 2000 > nums
yes "the quick brown fox jumps over the lazy dog" | head -n 500 > fox
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%d,%s,%d\n", i, (i % 3 ? "odd" : "even"), i * i % 97 }' > table.csv
printf 'line %03d\n' 1 2 3 > three
wc -l nums fox table.csv three
cat nums fox table.csv | md5sum
sha256sum nums fox
sha1sum table.csv
sha512sum three | cut -c1-32

echo "== text"
grep -c even table.csv
grep -v odd table.csv | tail -n 2
grep -E '^1[0-9]{2},' table.csv | wc -l
cut -d, -f2 table.csv | sort | uniq -c
cut -d, -f3 table.csv | sort -n | uniq | tail -n 3
sed -n '10,12p' nums
sed 's/quick/slow/; s/o/0/g' fox | head -n 1
head -c 19 fox | tr a-z A-Z; echo
tr -d 'aeiou' < fox | head -n 1
sort -t, -k3,3n -k1,1nr table.csv | head -n 3
awk -F, '$3 > 90 { n++; s += $1 } END { print n, s }' table.csv
seq 10 | paste -s -d+ | bc
seq 5 | tac | tr '\n' ' '; echo
echo "hello world" | rev
seq 1 3 | nl
echo "a:b:c" | awk -F: '{ print $3 $2 $1 }'
printf '%s\n' banana apple cherry apple | sort -u
fold -w 10 three | head -n 2
echo "ab  cd" | od -An -c
printf 'xyz' | od -An -tx1
printf 'hello\n' | hexdump -C | head -n 1
printf 'base64 round trip\n' | base64 | tee b64 | base64 -d
cat b64

echo "== arithmetic and tests"
expr 6 \* 7
expr length "busybox"
expr substr "conformance" 1 7
echo $(( (1 << 10) + 17 % 5 ))
test 3 -lt 4 && echo "3 < 4"
[ -f nums ] && [ ! -d nums ] && echo "nums is a file"
[ "abc" = "abc" ] && echo equal
true && echo "true is true"
false || echo "false is false"
seq -s, 1 5
seq 10 -3 1 | xargs echo
basename /usr/lib/libc.so.6 .6
dirname /usr/lib/libc.so.6

echo "== files"
mkdir -p a/b/c d
cp nums a/b/c/n1
cp -r a e
mv e/b/c/n1 e/b/c/n2
ln -s ../nums d/link
ln nums hard
readlink d/link
cat d/link | tail -n 1
stat -c '%n %s %h' nums hard
touch empty
truncate -s 1000 sized
stat -c '%n %s' empty sized
find . -type f | sort
find . -name 'n*' | sort
find . -type l
ls a/b/c e/b/c
cmp nums a/b/c/n1 && echo "copies are equal"
diff -r a/b e/b > /dev/null || echo "trees differ (renamed file)"
echo "appended" >> three
tail -n 1 three
rm -r e
rm hard
rmdir d 2>/dev/null || echo "rmdir d: not empty"
rm d/link && rmdir d && echo "d removed"
ls

echo "== dd, split by hand, cat"
dd if=nums of=nums.part bs=100 count=3 2>/dev/null
wc -c < nums.part
dd if=nums bs=1 skip=5 count=10 2>/dev/null; echo
head -n 1000 nums > part1
tail -n +1001 nums > part2
cat part1 part2 | cmp - nums && echo "split and joined"

echo "== tar and gzip round trips"
mkdir -p tree/x/y tree/z
seq 1 500 > tree/x/y/nums
cp fox tree/z/fox
echo "top" > tree/top
tar cf t.tar tree
tar tf t.tar | sort
gzip -9 t.tar
ls t.tar*
mkdir out
cd out
tar xzf ../t.tar.gz
find . -type f | sort | xargs md5sum
diff -r ../tree tree && echo "tar round trip: identical"
cd ..
seq 1 30000 > big
gzip -c big > big.gz
gunzip -c big.gz | md5sum
md5sum < big
rm big && gunzip big.gz && wc -l < big
zcat t.tar.gz | tar tf - | wc -l
bzip2 -c fox | bunzip2 | md5sum

echo "== xargs and friends"
find tree -type f | sort | xargs -n 1 basename
seq 1 20 | xargs -n 5 echo
printf 'a b\nc\n' | xargs printf '<%s>'; echo
yes | head -n 3
yes y | head -c 6; echo

echo "== cleanup"
cd / && rm -r /tmp/t && echo "scratch removed"
ls /tmp
