# setuid_exec.sh - execve of a set-user-id, set-group-id program: nobody
# runs a copy of t_cred owned by bin (uid and gid 2) with mode 6755 and it
# runs with effective and saved ids 2, the real ones still nobody's; without
# the bits, nobody's own.  The host's binfmt qemu-i386 (no 'C' flag) ignores
# set-id bits, so setuid_exec.expected holds what Linux prints.
cp "$(command -v t_cred)" /tmp/suid_prog
chown 2:2 /tmp/suid_prog
chmod 6755 /tmp/suid_prog
t_cred suid /tmp/suid_prog
chmod 0755 /tmp/suid_prog
t_cred suid /tmp/suid_prog
rm /tmp/suid_prog
