// Package readmetest holds the test that runs the README's walkthrough:
// every command of the README's blocks marked `<!-- readme-test` runs,
// exactly as written, with bash against a live `swarmd dev` built from this
// tree, then again after an idle spell (the scheduler's catalog query
// first) and after the demo is killed and started again. The document and
// the test cannot drift: the commands are read from README.md.
package readmetest
