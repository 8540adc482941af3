package dev.sluice.standalone.exchange;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedRequestsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/pods?watch=true", "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&watch=1",
        "/apis/apps/v1/deployments?resourceVersion=10&watch=True&allowWatchBookmarks=true",
        "/api/v1/watch/namespaces/shop/pods", "/apis/apps/v1/watch/deployments",
        "/api/v1/namespaces/shop/pods/web-0/log?follow=true&container=app",
        "/containers/4fa6e0f0c678/logs?stdout=1&follow=1", "/v1/client/fs/logs/5fc98185?follow=yes",
        // Docker's and Podman's feeds stream unless told not to.
        "/v1.43/events", "/v1.43/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D&since=1700000000",
        "/v4.0.0/libpod/events?stream=true", "/libpod/events", "/v1.43/containers/4fa6e0f0c678/stats",
        "/containers/web/stats", "/containers/web/stats?stream=1", "/v4.0.0/libpod/containers/web/stats",
        "/v1.43/containers/web/stats?one-shot=false",
    })
    void asksForAFeed(String target) {
        assertTrue(FeedRequests.asksForFeed("GET", target), target);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "/api/v1/pods", "/api/v1/pods?watch=false", "/api/v1/pods?watch=0", "/api/v1/pods?watchers=true",
        "/api/v1/pods?rewatch=true", "/v1/users?follow=me", "/blog/watch/2026", "/api/watch", "/apis/watch/x",
        "/api/v1/namespaces/watch", "/", "?", "/search?q=watch%3Dtrue",
        // A bare flag is false to Docker and an error to Kubernetes.
        "/feed?follow", "/feed?watch=",
        // Docker's feeds told to end, and lookalikes: a bare /events, a plain version, other paths.
        "/v1.43/events?until=1700000600", "/v4.0.0/libpod/events?stream=false",
        "/v1.43/containers/web/stats?stream=false", "/containers/web/stats?stream=0",
        "/events", "/v1/events", "/api/events", "/v1.43/events/x", "/v1..43/events", "/v1./events",
        "/containers//stats", "/containers/web/stats/x", "/containers/web/top", "/v1.43/containers/json",
    })
    void doesNotAskForAFeed(String target) {
        assertFalse(FeedRequests.asksForFeed("GET", target), String.valueOf(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void onlyAGetAsksForAFeed(String method) {
        assertFalse(FeedRequests.asksForFeed(method, "/api/v1/pods?watch=true"));
    }
}
