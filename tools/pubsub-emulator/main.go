// Command pubsub-emulator serves Google's pstest fake Pub/Sub (Publisher, Subscriber and
// SchemaService over plain gRPC) on a loopback address, for salesflow's local pipeline and tests.
//
// It prints one JSON line {"ready":true,"address":"HOST:PORT"} on stdout once it listens, and exits
// cleanly on SIGTERM or SIGINT — or when its parent process goes away, so that an interrupted
// pipeline never leaves an emulator behind.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"cloud.google.com/go/pubsub/v2/pstest"
)

func main() {
	host := flag.String("host", "127.0.0.1", "loopback address to listen on")
	port := flag.Int("port", 8085, "TCP port (0 picks a free one)")
	exitWithParent := flag.Bool("exit-with-parent", true, "exit when the parent process exits")
	flag.Parse()

	ip := net.ParseIP(*host)
	if *host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(os.Stderr, "pubsub-emulator: --host must be a loopback address, got %q\n", *host)
		os.Exit(2)
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(os.Stderr, "pubsub-emulator: --port must be 0..65535, got %d\n", *port)
		os.Exit(2)
	}
	// Probe the port first: pstest panics on a busy address, and a one-line error is kinder.
	probe, err := net.Listen("tcp", net.JoinHostPort(*host, fmt.Sprint(*port)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "pubsub-emulator: cannot listen on %s:%d: %v\n", *host, *port, err)
		os.Exit(1)
	}
	address := probe.Addr().String()
	probe.Close()

	server := pstest.NewServerWithAddress(address)
	if !compactionSupported(server) {
		fmt.Fprintln(os.Stderr, "pubsub-emulator: this pstest version cannot be compacted; memory will grow with every message")
	}
	stopCompaction := make(chan struct{})
	defer close(stopCompaction)
	go compactEvery(server, 5*time.Second, stopCompaction)
	ready, _ := json.Marshal(map[string]any{"ready": true, "address": server.Addr})
	fmt.Println(string(ready))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	parent := os.Getppid()
	ticker := time.NewTicker(500 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-signals:
			server.Close()
			return
		case <-ticker.C:
			if *exitWithParent && os.Getppid() != parent {
				server.Close()
				return
			}
		}
	}
}
