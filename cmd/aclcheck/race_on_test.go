//go:build race

package main

// raceEnabled is set when the tests run with the race detector, which
// slows the secret sweep about tenfold: it then runs a sample.
const raceEnabled = true
