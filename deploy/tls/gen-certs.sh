#!/usr/bin/env bash
# Creates the deployment's TLS material with openssl (Debian: apt-get install
# openssl): a CA, and for each NATS server a key and a certificate valid for
# its host name or IP address, usable both as a server certificate (clients,
# routes) and as a client certificate (the routes' mutual TLS).
#
# Usage: deploy/tls/gen-certs.sh OUTDIR NAME=HOST [NAME=HOST ...]
#   e.g. deploy/tls/gen-certs.sh tls nats-1=swarm-1.example.net nats-2=10.0.0.2
# Writes OUTDIR/ca.pem, OUTDIR/ca-key.pem (keep it offline), and
# OUTDIR/NAME.pem, OUTDIR/NAME-key.pem per server. An existing CA in OUTDIR is
# reused, so a server added later gets a certificate from the same CA.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUTDIR NAME=HOST [NAME=HOST ...]" >&2; exit 2; }
out=$1; shift
days=${SWARM_CERT_DAYS:-825}
mkdir -p "$out"
umask 077
if [ ! -f "$out/ca.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=Swarm Ledger deployment CA" -keyout "$out/ca-key.pem" -out "$out/ca.pem" 2>/dev/null
fi
for arg in "$@"; do
  name=${arg%%=*}; host=${arg#*=}
  [ -n "$name" ] && [ -n "$host" ] && [ "$name" != "$arg" ] || { echo "$0: want NAME=HOST, not $arg" >&2; exit 2; }
  if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then san="IP:$host"; else san="DNS:$host"; fi
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$host" \
    -keyout "$out/$name-key.pem" -out "$out/$name.csr" 2>/dev/null
  openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.pem" -CAkey "$out/ca-key.pem" -CAcreateserial \
    -days "$days" -out "$out/$name.pem" \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' "$san") 2>/dev/null
  rm -f "$out/$name.csr"
  echo "$out/$name.pem ($san)"
done
chmod 644 "$out"/*.pem
chmod 600 "$out"/*-key.pem
