package ledgerd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/internal/backup"
)

// CheckpointPath is the admin endpoint that writes a checkpoint of the
// running service's stores for a backup (swarmctl backup). It is served on
// the API listener to loopback clients only: it makes swarmd write files
// where the caller says, and the read API has no authentication, so only a
// user of the same host (who can read what it writes) may ask. A request
// that came through a proxy (X-Forwarded-For or Forwarded set) is refused
// too, since a proxy on the host would make any client look local.
const CheckpointPath = "/admin/v1/checkpoint"

// WriteCheckpoint writes consistent copies of the projections' and the
// ledger's stores into dir (projections first, so that they are at or
// before the ledger's copy), with the parameters, the contract addresses
// and the chain watcher's cursor. Safe while Run folds.
func (s *Service) WriteCheckpoint(ctx context.Context, dir string) (cp backup.StateCheckpoint, err error) {
	if !filepath.IsAbs(dir) {
		return backup.StateCheckpoint{}, fmt.Errorf("%w: %q is not an absolute path", backup.ErrCheckpointRequest, dir)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return backup.StateCheckpoint{}, fmt.Errorf("%w: %w", backup.ErrCheckpointRequest, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir) // this call created it
		}
	}()
	out := backup.StateCheckpoint{Dir: dir}
	if s.watcher != nil {
		kv, err := openStateBucket(ctx, s.js, s.cfg.Replicas)
		if err != nil {
			return out, err
		}
		p, ok, err := kvCursor{kv: kv, legacy: legacyCursor(s.cfg.DataDir)}.Load()
		if err != nil {
			return out, err
		}
		if ok {
			out.Cursor = &p
			if err := chain.FileCursor(filepath.Join(dir, backup.CheckpointCursorFile)).Save(p); err != nil {
				return out, err
			}
		}
		a := s.cfg.Chain.Addresses
		out.Addresses = &a
		if err := chain.WriteAddresses(filepath.Join(dir, backup.CheckpointAddressesFile), a); err != nil {
			return out, err
		}
	}
	if out.Projections, err = s.proj.Checkpoint(filepath.Join(dir, backup.CheckpointProjectionsDir)); err != nil {
		return out, err
	}
	info, err := s.ledger.Checkpoint(filepath.Join(dir, backup.CheckpointLedgerDir))
	if err != nil {
		return out, err
	}
	out.Position, out.Digest, out.StateHash, out.LastClosed = info.Position, info.Digest.String(), info.StateHash.String(), info.LastClosed
	if err := os.WriteFile(filepath.Join(dir, backup.CheckpointParamsFile), s.cfg.Params.Canonical, 0o644); err != nil {
		return out, fmt.Errorf("ledgerd: checkpoint parameters: %w", err)
	}
	return out, nil
}

// withAdmin serves CheckpointPath (POST, loopback clients only) beside the
// read API.
func (s *Service) withAdmin(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != CheckpointPath {
			api.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			adminError(w, http.StatusMethodNotAllowed, "POST only")
			return
		}
		if !loopbackClient(r) {
			adminError(w, http.StatusForbidden, "the admin endpoint answers loopback clients only")
			return
		}
		var req backup.CheckpointRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
			adminError(w, http.StatusBadRequest, "body: "+err.Error())
			return
		}
		cp, err := s.WriteCheckpoint(r.Context(), req.Dir)
		switch {
		case errors.Is(err, backup.ErrCheckpointRequest):
			adminError(w, http.StatusBadRequest, err.Error())
			return
		case err != nil:
			s.cfg.Log.Error("checkpoint for a backup failed", "dir", req.Dir, "err", err)
			adminError(w, http.StatusInternalServerError, err.Error())
			return
		}
		s.cfg.Log.Info("checkpoint written for a backup", "dir", cp.Dir, "position", cp.Position, "state_hash", cp.StateHash)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(cp)
	})
}

// loopbackClient reports whether r comes straight from a loopback address.
func loopbackClient(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func adminError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
