package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/projections"
)

// testStatement: `swarmctl statement` explains, from the API's statement,
// exactly the amounts of the epoch's report, as a table, as CSV and as the
// API's JSON.
func testStatement(c readCLI) {
	var list projections.EpochList
	c.api("/v1/epochs", &list)
	checked, providers, stakers := 0, 0, 0
	for _, e := range list.Epochs {
		var d projections.EpochDetail
		c.api(fmt.Sprintf("/v1/epochs/%d", e.Epoch), &d)
		var rep aggregates.Report
		if err := json.Unmarshal(d.Report, &rep); err != nil {
			c.t.Fatal(err)
		}
		for _, earner := range rep.Earners {
			if earner.Amount == "0" {
				continue
			}
			out, errOut, code := swarmctl(c.t, "statement", earner.Address, "--epoch", fmt.Sprint(e.Epoch), "--csv", "--api", c.base)
			if code != 0 {
				c.t.Fatalf("statement --csv: exit %d: %s", code, errOut)
			}
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rows) < 9 {
				c.t.Fatalf("csv (%v):\n%s", err, out)
			}
			if strings.Join(rows[0], ",") != "epoch,address,section,provider,step,formula,exact,swarm" || rows[1][4] != "D" {
				c.t.Fatalf("csv header and first step: %v %v", rows[0], rows[1])
			}
			last := rows[len(rows)-1]
			if last[2] != "total" || last[6] != earner.Amount || last[7] != swarmDigits(earner.Amount) {
				c.t.Fatalf("epoch %d %s: total row %v, report amount %s", e.Epoch, earner.Address, last, earner.Amount)
			}
			for _, r := range rows[1:] {
				if r[0] != fmt.Sprint(e.Epoch) || r[1] != earner.Address || (r[7] != "" && r[7] != swarmDigits(r[6])) {
					c.t.Fatalf("row %v", r)
				}
				switch {
				case r[2] == "provider" && r[4] == "provider_amount":
					providers++
				case r[2] == "stake" && r[4] == "amount":
					stakers++
				}
			}
			checked++
		}
	}
	if checked == 0 || providers == 0 || stakers == 0 {
		c.t.Fatalf("checked %d earners, %d as provider, %d stakes: want all", checked, providers, stakers)
	}

	// The table, for the last epoch by default.
	var d projections.EpochDetail
	c.api(fmt.Sprintf("/v1/epochs/%d", list.LastClosed), &d)
	var rep aggregates.Report
	if err := json.Unmarshal(d.Report, &rep); err != nil {
		c.t.Fatal(err)
	}
	var top aggregates.EarnerAmount
	for _, e := range rep.Earners {
		if len(e.Amount) > len(top.Amount) || (len(e.Amount) == len(top.Amount) && e.Amount > top.Amount) {
			top = e
		}
	}
	table := c.run(0, fmt.Sprintf("statement of %s, epoch %d", top.Address, list.LastClosed), "statement", top.Address)
	for _, want := range []string{"\nnetwork\n", "pool = ", "\ntotal\n",
		fmt.Sprintf("amount = %s SWARM (%s atto)", swarmDigits(top.Amount), top.Amount)} {
		if !strings.Contains(table, want) {
			c.t.Fatalf("the table lacks %q:\n%s", want, table)
		}
	}
	if !strings.Contains(table, "as provider "+top.Address) && !strings.Contains(table, "as staker of ") {
		c.t.Fatalf("the table shows no role:\n%s", table)
	}

	// --json is the API's statement, indented.
	out, _, code := swarmctl(c.t, "statement", top.Address, "--json", "--api", c.base)
	resp, body := mustGet(c, fmt.Sprintf("/v1/epochs/%d/statement", list.LastClosed))
	var indented bytes.Buffer
	json.Indent(&indented, bytes.TrimSpace(body), "", "  ")
	if code != 0 || resp != 200 || out != indented.String()+"\n" {
		c.t.Fatalf("statement --json (exit %d) differs from the API's statement", code)
	}

	c.run(2, "is not an address", "statement", "0x12")
	c.run(2, "--epoch must be a positive", "statement", top.Address, "--epoch", "0")
	c.run(2, "choose one", "statement", top.Address, "--json", "--csv")
	c.run(1, "not closed", "statement", top.Address, "--epoch", "999")
}

// mustGet GETs path from the API and returns its status and body.
func mustGet(c readCLI, path string) (int, []byte) {
	c.t.Helper()
	resp, err := http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, body
}
