# dev_random.sh - /dev/random and /dev/urandom as Linux has them: character
# devices 1,8 and 1,9 that anyone may read and write; a read of any size is
# filled at once with bytes that are not all zero, and what is written is
# taken (Linux mixes it in).
for d in random urandom; do
	ls -l /dev/$d | awk '{ print $1, $5, $6 }'
	head -c 100000 /dev/$d | wc -c
	dd if=/dev/$d bs=65536 count=1 2>/dev/null | wc -c
	head -c 4096 /dev/$d | od -An -tx1 | grep -qv '^[ 0]*$' && echo "$d: not all zeros"
	echo entropy > /dev/$d && echo "$d: written"
done
