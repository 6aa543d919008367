package io.ferryrpc.monitor.push;

/**
 * What one node recorded for one series: one side, method, outcome and peer. It carries the node's cumulative
 * histograms, which make counts exact whatever was lost or sent twice, and the change since the node's previous
 * interval, which places the calls in time for a center that has not heard from the node before.
 *
 * @param side {@code client} or {@code server}
 * @param service the service key, {@code name:version[:group]}
 * @param method the method's name
 * @param status {@code OK}, an {@code RpcException} code, or {@code APPLICATION_ERROR}
 * @param errorType the error's type, {@code none} on success
 * @param peerAddress on the client the provider's host, on the server the consumer's host
 * @param peerPort on the client the provider's port, empty on the server (consumers' ports are ephemeral)
 * @param application the application of the node that recorded the series
 * @param total the call durations since the node started
 * @param delta the call durations of this interval
 * @param providerTotal on the client, the providers' own processing times since the node started; else null
 * @param providerDelta on the client, the providers' own processing times of this interval; else null
 */
public record SeriesReport(String side, String service, String method, String status, String errorType,
        String peerAddress, String peerPort, String application, Histogram total, Histogram delta,
        Histogram providerTotal, Histogram providerDelta) {}
