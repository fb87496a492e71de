//go:build race

package eigen

const raceEnabled = true
