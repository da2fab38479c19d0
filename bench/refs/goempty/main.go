// Command goempty is the empty static Go program: what any Go binary costs to exec,
// start its runtime and exit. The bench builds it as a reference for initty's start-up.
package main

func main() {}
