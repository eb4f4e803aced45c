package main

import (
	"context"
	"testing"

	pb "cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"cloud.google.com/go/pubsub/v2/pstest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func TestCompactDeliveredKeepsOnlyPendingMessages(t *testing.T) {
	server := pstest.NewServer()
	defer server.Close()
	if !compactionSupported(server) {
		t.Fatal("pstest no longer has the fields compaction relies on")
	}
	conn, err := grpc.NewClient(server.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := context.Background()
	publisher := pb.NewPublisherClient(conn)
	subscriber := pb.NewSubscriberClient(conn)
	topic := "projects/p/topics/t"
	subscription := "projects/p/subscriptions/s"
	if _, err := publisher.CreateTopic(ctx, &pb.Topic{Name: topic}); err != nil {
		t.Fatal(err)
	}
	if _, err := subscriber.CreateSubscription(ctx, &pb.Subscription{Name: subscription, Topic: topic, AckDeadlineSeconds: 60}); err != nil {
		t.Fatal(err)
	}
	publish := func(n int) {
		messages := make([]*pb.PubsubMessage, n)
		for i := range messages {
			messages[i] = &pb.PubsubMessage{Data: []byte("event")}
		}
		if _, err := publisher.Publish(ctx, &pb.PublishRequest{Topic: topic, Messages: messages}); err != nil {
			t.Fatal(err)
		}
	}
	publish(10)
	pulled, err := subscriber.Pull(ctx, &pb.PullRequest{Subscription: subscription, MaxMessages: 10})
	if err != nil || len(pulled.ReceivedMessages) != 10 {
		t.Fatalf("pulled %d messages, err %v", len(pulled.GetReceivedMessages()), err)
	}
	ackIDs := []string{}
	for _, m := range pulled.ReceivedMessages[:6] {
		ackIDs = append(ackIDs, m.AckId)
	}
	if _, err := subscriber.Acknowledge(ctx, &pb.AcknowledgeRequest{Subscription: subscription, AckIds: ackIDs}); err != nil {
		t.Fatal(err)
	}
	publish(3)

	if removed := compactDelivered(server); removed != 6 {
		t.Fatalf("removed %d messages, want the 6 acknowledged ones", removed)
	}
	if kept := len(server.Messages()); kept != 7 {
		t.Fatalf("kept %d messages, want 7 (4 unacked + 3 new)", kept)
	}
	// The messages still pending are delivered as before: nack the 4 outstanding ones and pull all 7.
	nackIDs := []string{}
	for _, m := range pulled.ReceivedMessages[6:] {
		nackIDs = append(nackIDs, m.AckId)
	}
	if _, err := subscriber.ModifyAckDeadline(ctx, &pb.ModifyAckDeadlineRequest{Subscription: subscription, AckIds: nackIDs, AckDeadlineSeconds: 0}); err != nil {
		t.Fatal(err)
	}
	again, err := subscriber.Pull(ctx, &pb.PullRequest{Subscription: subscription, MaxMessages: 100})
	if err != nil || len(again.ReceivedMessages) != 7 {
		t.Fatalf("pulled %d pending messages after compaction, want 7 (err %v)", len(again.GetReceivedMessages()), err)
	}
}
