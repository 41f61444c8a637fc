# clock_set.sh - root sets the wall clock (clock_settime through BusyBox's
# date -s): the clock reads the new time and new files carry it; nobody may
# not set it (EPERM).  Guest only - the host's clock must never move - so
# clock_set.expected holds what Linux prints.  The clock is set a decade on,
# so the dates printed do not depend on when the test runs.
date -u -s '2036-02-03 04:05:06' >/dev/null
echo "root set: $?"
date -u +%Y-%m-%d
touch /tmp/clock_set.file
stat -c %y /tmp/clock_set.file | cut -c1-10
su -s /bin/sh nobody -c "date -u -s '2037-01-01 00:00:00'" 2>&1 >/dev/null
date -u +%Y
rm /tmp/clock_set.file
