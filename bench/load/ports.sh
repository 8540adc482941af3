# Sourced by the load scripts: waiting for a server to listen.

# wait_port PORT: returns once something accepts on 127.0.0.1:PORT, fails after 20 s (under
# `set -e` the script stops there, naming the port).
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): nothing listens on $1" >&2
  return 1
}
