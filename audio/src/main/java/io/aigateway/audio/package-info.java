/** Audio handling shared by the ingress and the speech workers. No Spring, no provider SDKs. */
package io.aigateway.audio;
