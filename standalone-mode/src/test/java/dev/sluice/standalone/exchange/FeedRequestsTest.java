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
