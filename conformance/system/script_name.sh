# script_name.sh - a program started through "#!" is known by the script's
# file name, as on Linux (BusyBox's testsuite: pidof.tests "pidof this"):
# /proc/<pid>/comm, status and stat name the script, not its interpreter, so
# pidof finds a script by its name; a name is cut to 15 characters.
# The host runs this chrooted without a /proc: it mounts one first (in the
# test's private mount namespace).  /proc/<pid>/exe (the interpreter) is
# not compared: on the host it is qemu-i386.
[ -e /proc/self ] || { mkdir -p /proc; mount -t proc proc /proc; }
mkdir -p /tmp/sn
cat > /tmp/sn/named-script <<'END'
#!/bin/sh
sed -n 's/^Name:[[:space:]]*//p' /proc/$$/status
cat /proc/$$/comm
cut -d' ' -f2 /proc/$$/stat
if pidof named-script | grep -qw $$; then echo "pidof named-script: found"; else echo "pidof named-script: not found"; fi
END
chmod 755 /tmp/sn/named-script
/tmp/sn/named-script
cd /tmp/sn && ./named-script
sh -c 'exec ./named-script'
cp named-script a-script-with-a-long-name
./a-script-with-a-long-name
