using System.Collections.Generic;
using System.Threading.Tasks;

namespace Smile.Mqtt
{
    public sealed partial class MqttClient
    {
        /// <summary>
        /// Takes back QoS 1 publishes not yet acknowledged, identified by the tasks <see cref="EnqueuePublishAsync"/>
        /// returned: they are no longer resent after a reconnect, their tasks are cancelled and their in-flight slots
        /// freed. For a message the broker refuses by closing the connection (AWS IoT Core does so on a publish its
        /// policy denies), which would otherwise be resent first on every reconnect, forever. Meant for publishes the
        /// broker has not acknowledged over several connections; returns how many were still pending.
        /// </summary>
        public int Withdraw(IReadOnlyCollection<Task> acknowledgements)
        {
            var withdrawn = new List<PendingPublish>();
            lock (_gate)
            {
                var wanted = new HashSet<Task>(acknowledgements);
                for (LinkedListNode<PendingPublish>? node = _pending.First; node != null;)
                {
                    LinkedListNode<PendingPublish>? next = node.Next;
                    if (wanted.Contains(node.Value.Completion.Task))
                    {
                        _pending.Remove(node);
                        _pendingById.Remove(node.Value.PacketId);
                        withdrawn.Add(node.Value);
                    }

                    node = next;
                }
            }

            foreach (PendingPublish pending in withdrawn)
            {
                pending.Completion.TrySetCanceled();
                _inflight.Release();
            }

            return withdrawn.Count;
        }
    }
}
