# Issue 17 ("Reliability round 2"): each row of its table and each newcomer item, as the CLI
# sees it. Every case fails without its fix.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# row 1: -o naming a device, a FIFO or a symbolic link: written through, never renamed over
if [ "$(id -u)" -eq 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
    "$COR" route A E --net "$TINY" -o "$tmp/null"
    eq "row 1: -o a device exits 0" 0 $?
    eq "row 1: the device stays a character device" "character special file" "$(stat -c %F "$tmp/null")"
fi
echo old >"$tmp/target.txt"
ln -s target.txt "$tmp/link.txt"
"$COR" route A E --net "$TINY" -o "$tmp/link.txt"
eq "row 1: -o a symlink keeps the link" "symbolic link" "$(stat -c %F "$tmp/link.txt")"
contains "row 1: the file the link names is written" "Town A -> Town E" "$(head -n 1 "$tmp/target.txt")"
mkfifo "$tmp/fifo"
out=$("$COR" route A E --net "$TINY" -o "$tmp/fifo" 2>&1)
eq "row 1: a FIFO without a reader: exit 1" "1" "$?"
contains "row 1: a FIFO without a reader: says so" "a FIFO that no process reads" "$out"
cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
"$COR" route A E --net "$TINY" -o "$tmp/fifo"
wait "$reader"
contains "row 1: through a FIFO with a reader" "Town A -> Town E" "$(head -n 1 "$tmp/fifo.out")"
eq "row 1: the FIFO stays a FIFO" "fifo" "$(stat -c %F "$tmp/fifo")"
out=$("$COR" route A E --net "$TINY" -o /dev/full 2>&1)
eq "row 1: -o /dev/full exits 1" 1 $?
contains "row 1: -o /dev/full says why" "No space left on device" "$out"

# row 4: overwriting keeps permissions
echo old >"$tmp/private.txt"
chmod 600 "$tmp/private.txt"
"$COR" route A E --net "$TINY" -o "$tmp/private.txt"
eq "row 4: a 0600 file stays 0600" 600 "$(stat -c %a "$tmp/private.txt")"

finish reliability
