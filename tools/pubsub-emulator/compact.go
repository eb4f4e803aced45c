package main

import (
	"reflect"
	"sync"
	"time"
	"unsafe"

	"cloud.google.com/go/pubsub/v2/pstest"
)

// pstest keeps every message ever published in a server-wide list (for its test introspection API
// and for Seek), so a long-running local pipeline grows without bound although every subscription
// has acknowledged its messages. compactDelivered drops from that list the messages no subscription
// still holds. Nothing salesflow uses reads it: delivery works from each subscription's own pending
// set. pstest exports no way to do this (ClearMessages also drops pending messages), hence the
// reflection; compactionSupported checks the fields exist so a pstest upgrade fails loudly in tests.

// gserverFields are the unexported pstest fields compaction reads and rewrites.
type gserverFields struct {
	mu       *sync.Mutex
	msgs     reflect.Value // []*Message
	msgsByID reflect.Value // map[string]*Message
	subs     reflect.Value // map[string]*subscription
}

func writable(field reflect.Value) reflect.Value {
	return reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem()
}

func fieldsOf(server *pstest.Server) (gserverFields, bool) {
	g := reflect.ValueOf(&server.GServer).Elem()
	mu, msgs, byID, subs := g.FieldByName("mu"), g.FieldByName("msgs"), g.FieldByName("msgsByID"), g.FieldByName("subs")
	if !mu.IsValid() || !msgs.IsValid() || !byID.IsValid() || !subs.IsValid() ||
		mu.Type() != reflect.TypeOf(sync.Mutex{}) || msgs.Kind() != reflect.Slice ||
		byID.Kind() != reflect.Map || subs.Kind() != reflect.Map {
		return gserverFields{}, false
	}
	return gserverFields{
		mu:       (*sync.Mutex)(unsafe.Pointer(mu.UnsafeAddr())),
		msgs:     writable(msgs),
		msgsByID: writable(byID),
		subs:     writable(subs),
	}, true
}

// compactionSupported reports whether this pstest version has the fields compaction relies on.
func compactionSupported(server *pstest.Server) bool {
	_, ok := fieldsOf(server)
	return ok
}

// compactDelivered removes acknowledged messages from pstest's server-wide message list and index,
// returning how many it removed.
func compactDelivered(server *pstest.Server) int {
	f, ok := fieldsOf(server)
	if !ok {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	pending := map[string]bool{}
	for iter := f.subs.MapRange(); iter.Next(); {
		subMsgs := iter.Value().Elem().FieldByName("msgs")
		if !subMsgs.IsValid() || subMsgs.Kind() != reflect.Map {
			return 0
		}
		for _, id := range subMsgs.MapKeys() {
			pending[id.String()] = true
		}
	}
	all := f.msgs
	kept := reflect.MakeSlice(all.Type(), 0, len(pending))
	removed := 0
	for i := 0; i < all.Len(); i++ {
		message := all.Index(i)
		id := message.Elem().FieldByName("ID").String()
		if pending[id] {
			kept = reflect.Append(kept, message)
			continue
		}
		f.msgsByID.SetMapIndex(reflect.ValueOf(id), reflect.Value{})
		removed++
	}
	f.msgs.Set(kept)
	return removed
}

// compactEvery runs compactDelivered on a fixed period until stop is closed.
func compactEvery(server *pstest.Server, period time.Duration, stop <-chan struct{}) {
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
			compactDelivered(server)
		}
	}
}
