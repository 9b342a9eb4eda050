using System.Reflection;
using Microsoft.Data.Sqlite;
using Smile.Gateway.Buffer;

namespace Smile.Gateway.Tests
{
    /// <summary>The store's own SQLite connection, for tests that watch what SQLite does on it (statements, pages).</summary>
    internal static class StoreConnection
    {
        public static SqliteConnection Of(GatewayStore store) =>
            (SqliteConnection)typeof(GatewayStore).GetField("_db", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store)!;
    }
}
