package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/projections"
)

// rebuildPoll is how often `projections rebuild --wait` polls.
const rebuildPoll = 200 * time.Millisecond

// rebuildStarted is the body of POST /v1/projections/{name}/rebuild.
type rebuildStarted struct {
	Name       string `json:"name"`
	Generation uint64 `json:"generation"`
}

func projectionsCmd() *cobra.Command {
	c := &cobra.Command{Use: "projections", Short: "Show the read projections' progress; rebuild one (read API)"}
	c.AddCommand(projectionsStatusCmd(), projectionsRebuildCmd())
	return c
}

func projectionsStatusCmd() *cobra.Command {
	var rf readFlags
	c := &cobra.Command{
		Use:   "status",
		Short: "Show every projection's serving generation, checkpoint, lag and rebuild in progress",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return showOne(cmd, &rf, "/v1/projections", printProjections)
		},
	}
	rf.register(c)
	return c
}

func printProjections(w io.Writer, sts []projections.ProjectionStatus) error {
	tw := newTable(w)
	fmt.Fprintln(tw, "PROJECTION\tGENERATION\tCHECKPOINT\tLAG\tREBUILD")
	for _, st := range sts {
		rebuild := "-"
		if st.RebuildGeneration > 0 {
			rebuild = fmt.Sprintf("generation %d at %d", st.RebuildGeneration, st.RebuildCheckpoint)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", st.Name, st.Generation, st.Checkpoint, st.Lag, rebuild)
	}
	return tw.Flush()
}

func projectionsRebuildCmd() *cobra.Command {
	var rf readFlags
	var wait bool
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "rebuild NAME [--wait]",
		Short: "Rebuild a projection from the start of the log while the old generation serves (from the API's host only)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if timeout <= 0 {
				return usageError{errors.New("--timeout must be positive")}
			}
			api, err := rf.api.client()
			if err != nil {
				return err
			}
			var started rebuildStarted
			raw, err := api.post(cmd.Context(), "/v1/projections/"+url.PathEscape(args[0])+"/rebuild", &started)
			if err != nil {
				return err
			}
			out, progress := cmd.OutOrStdout(), cmd.OutOrStdout()
			if rf.asJSON {
				if err := emit(out, true, raw, started, nil); err != nil {
					return err
				}
				progress = cmd.ErrOrStderr()
			} else {
				fmt.Fprintf(out, "rebuilding %s as generation %d\n", started.Name, started.Generation)
			}
			if !wait {
				return nil
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			return waitRebuild(ctx, api, started, progress)
		},
	}
	rf.register(c)
	c.Flags().BoolVar(&wait, "wait", false, "wait until the new generation serves, printing progress")
	c.Flags().DurationVar(&timeout, "timeout", 30*time.Minute, "with --wait: how long to wait")
	return c
}

// waitRebuild polls the projections until the rebuilt generation serves.
func waitRebuild(ctx context.Context, api *ledgerAPI, r rebuildStarted, w io.Writer) error {
	shown := ^uint64(0)
	for {
		st, err := projectionStatus(ctx, api, r.Name)
		if err != nil {
			return err
		}
		switch {
		case st.RebuildGeneration == 0 && st.Generation >= r.Generation:
			_, err := fmt.Fprintf(w, "%s: generation %d serves at checkpoint %d\n", r.Name, st.Generation, st.Checkpoint)
			return err
		case st.RebuildGeneration != r.Generation:
			return fmt.Errorf("%w: the rebuild of %s generation %d is no longer running (serving generation %d, rebuilding %d)",
				errAPI, r.Name, r.Generation, st.Generation, st.RebuildGeneration)
		case st.RebuildCheckpoint != shown:
			shown = st.RebuildCheckpoint
			fmt.Fprintf(w, "%s: generation %d at checkpoint %d of %d\n", r.Name, r.Generation, st.RebuildCheckpoint, st.Checkpoint)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s generation %d: %w", r.Name, r.Generation, ctx.Err())
		case <-time.After(rebuildPoll):
		}
	}
}

func projectionStatus(ctx context.Context, api *ledgerAPI, name string) (projections.ProjectionStatus, error) {
	var sts []projections.ProjectionStatus
	if _, err := api.fetch(ctx, "/v1/projections", &sts); err != nil {
		return projections.ProjectionStatus{}, err
	}
	for _, st := range sts {
		if st.Name == name {
			return st, nil
		}
	}
	return projections.ProjectionStatus{}, fmt.Errorf("%w: /v1/projections does not list %q", errAPI, name)
}

func stateCmd() *cobra.Command {
	var rf readFlags
	c := &cobra.Command{
		Use:   "state",
		Short: "Show the ledger's committed checkpoint, events digest, state hash, lag and projections (read API)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return showOne(cmd, &rf, "/v1/state", printState)
		},
	}
	rf.register(c)
	return c
}

func printState(w io.Writer, st projections.State) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "checkpoint\t%d\n", st.Checkpoint)
	fmt.Fprintf(tw, "events digest\t%s\n", st.EventsDigest)
	fmt.Fprintf(tw, "state hash\t%s\t(at checkpoint %d)\n", st.StateHash, st.StateHashAt)
	fmt.Fprintf(tw, "last closed epoch\t%d\n", st.LastClosed)
	fmt.Fprintf(tw, "stream last\t%d\n", st.StreamLast)
	fmt.Fprintf(tw, "lag\t%d\n", st.Lag)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return printProjections(w, st.Projections)
}
