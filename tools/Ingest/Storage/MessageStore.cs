using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Smile.Ingest.Messages;

namespace Smile.Ingest.Storage
{
    /// <summary>
    /// Writes a batch of parsed messages in one transaction. When one message cannot be stored (PostgreSQL refuses its
    /// data), the batch is split in halves until that message stands alone; it then goes to ingest_dead_letter with
    /// PostgreSQL's reason and the rest is stored. Any other failure (connection lost, server restarting) is thrown
    /// to the caller, which retries the whole batch: nothing was committed, so nothing is lost or doubled.
    /// </summary>
    public sealed class MessageStore
    {
        private readonly NpgsqlDataSource _database;
        private readonly string _stream;

        public MessageStore(NpgsqlDataSource database, string stream)
        {
            _database = database;
            _stream = stream;
        }

        /// <summary>Stores the batch; returns how many messages went to ingest_dead_letter because PostgreSQL refused them.</summary>
        public async Task<int> WriteAsync(IReadOnlyList<ParsedMessage> batch, CancellationToken cancel)
        {
            if (batch.Count == 0)
            {
                return 0;
            }

            try
            {
                await WriteInOneTransactionAsync(batch, cancel);
                return 0;
            }
            catch (Exception e) when (IsRefusedData(e))
            {
                if (batch.Count == 1)
                {
                    var refused = batch[0];
                    string detail = e is PostgresException pg ? pg.SqlState + " " + pg.MessageText : e.GetType().Name + " " + e.Message;
                    await WriteInOneTransactionAsync(new ParsedMessage[] { new RejectedMessage(refused.Source, RejectReason.StoreFailed, detail, MessageIdOf(refused)) }, cancel);
                    return 1;
                }

                int half = batch.Count / 2;
                var first = new List<ParsedMessage>(half);
                var second = new List<ParsedMessage>(batch.Count - half);
                for (int i = 0; i < batch.Count; i++)
                {
                    (i < half ? first : second).Add(batch[i]);
                }

                return await WriteAsync(first, cancel) + await WriteAsync(second, cancel);
            }
        }

        /// <summary>
        /// PostgreSQL refused this data (class 22 data exception, 23 integrity, 54 limit exceeded), or Npgsql could not
        /// convert a value: the same message fails again on every retry. Everything else may pass on a retry.
        /// </summary>
        public static bool IsRefusedData(Exception e) => e switch
        {
            PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal)
                || pg.SqlState.StartsWith("23", StringComparison.Ordinal)
                || pg.SqlState.StartsWith("54", StringComparison.Ordinal),
            InvalidCastException or OverflowException or ArgumentException or FormatException => true,
            _ => false,
        };

        private static string? MessageIdOf(ParsedMessage message) => message switch
        {
            MeasurementMessage m => m.MessageId,
            NodeStatusMessage s => s.MessageId,
            GatewayDeadLetterMessage d => d.MessageId,
            RejectedMessage r => r.MessageId,
            _ => null,
        };

        private async Task WriteInOneTransactionAsync(IReadOnlyList<ParsedMessage> batch, CancellationToken cancel)
        {
            await using var connection = await _database.OpenConnectionAsync(cancel);
            await using var transaction = await connection.BeginTransactionAsync(cancel);
            await using var commands = new NpgsqlBatch(connection, transaction);
            foreach (var message in batch)
            {
                var command = Statements.For(message, _stream);
                if (command != null)
                {
                    commands.BatchCommands.Add(command);
                }
            }

            if (commands.BatchCommands.Count > 0)
            {
                await commands.ExecuteNonQueryAsync(cancel);
            }

            await transaction.CommitAsync(cancel);
        }
    }
}
