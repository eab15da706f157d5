import Database

/// /health/'s `listener` (Postgres only): whether cross-replica events arrive. While it is
/// down, chat sockets miss other processes' status and progress events until it is back.
struct ListenerHealthCheck: HealthCheck {
    let listener: PostgresListener
    var name: String { "listener" }

    func run() async -> HealthResult {
        listener.isConnected ? .ok("listening") : .unhealthy("not connected to Postgres; reconnecting")
    }
}
