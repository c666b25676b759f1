using System.Collections.Concurrent;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// A device played by the test: it logs in to the service's broker with the credentials from its
/// board file and speaks the real protocol (link MACs, key unwrap, ack proofs) — with knobs to
/// misbehave: ignore Rotates (a lost ack), forge the proof, send an ack twice.
/// </summary>
public sealed class ScriptedDevice : IAsyncDisposable
{
    private readonly BoardFile _board;
    private readonly Macs _macs = new(new DotNetCryptoProvider());
    private readonly DeviceSecrets _secrets;
    private readonly MessageEncoder _encoder;
    private readonly MessageDecoder _decoder;
    private readonly ConcurrentDictionary<uint, AckMessage> _acks = new();
    private readonly List<Message> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly object _gate = new();
    private MqttClient? _client;
    private uint _nextUplinkId = 1;

    public ScriptedDevice(BoardFile board)
    {
        _board = board;
        _secrets = new DeviceSecrets(_macs, board.RootKey);
        _encoder = new MessageEncoder(_macs);
        _decoder = new MessageDecoder(_macs);
    }

    public ulong Id => _board.DeviceId;

    public uint ActiveEpoch { get; private set; }

    public uint BackupEpoch { get; private set; }

    public Dictionary<uint, byte[]> EpochKeys { get; } = [];

    /// <summary>How many coming Rotates to drop without an ack (the ack "lost on the way").</summary>
    public int RotatesToIgnore { get; set; }

    public bool ForgeProof { get; set; }

    public bool AckTwice { get; set; }

    /// <summary>A broken or hostile device: every down message is answered with this status and nothing is applied.</summary>
    public AckStatus? AnswerEverythingWith { get; set; }

    public uint BulletinSequence { get; private set; }

    public BulletinMessage? LastBulletin { get; private set; }

    public BindResultMessage? LastBindResult { get; private set; }

    public DeviceSecrets Secrets => _secrets;

    public static async Task<ScriptedDevice> ConnectAsync(BoardFile board)
    {
        var device = new ScriptedDevice(board);
        await device.ConnectAsync();
        return device;
    }

    public async Task ConnectAsync()
    {
        _client = new MqttClient(new MqttClientOptions
        {
            Host = _board.Host,
            Port = _board.Port,
            ClientId = _board.Username,
            Username = _board.Username,
            Password = _board.Password,
            CleanSession = false,
        });
        _client.MessageReceivedAsync = message => OnDownAsync(message.Payload.ToArray());
        await _client.ConnectAsync();
        Assert.Equal(MqttSubscribeReturnCode.GrantedQoS1, await _client.SubscribeAsync($"sk/{_board.Id}/down", MqttQualityOfService.AtLeastOnce));
    }

    /// <summary>Goes offline; the broker keeps the session and queues what is sent meanwhile.</summary>
    public async Task DisconnectAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }
    }

    /// <summary>Publishes <paramref name="message"/> with a fresh uplink id (or the given one, to replay).</summary>
    public async Task<uint> SendAsync(Message message, uint? messageId = null)
    {
        message.MessageId = messageId ?? Interlocked.Increment(ref _nextUplinkId);
        await SendFrameAsync(_encoder.Encode(message, _secrets.LinkUpKey));
        return message.MessageId;
    }

    public Task SendFrameAsync(byte[] frame) =>
        (_client ?? throw new InvalidOperationException("offline")).PublishAsync($"sk/{_board.Id}/up", frame, MqttQualityOfService.AtLeastOnce);

    public Task SendKeyReportAsync(IReadOnlyList<KeyUse>? uses = null) => SendAsync(new KeyReportMessage
    {
        ActiveEpoch = ActiveEpoch,
        BackupEpoch = BackupEpoch,
        BulletinSequence = BulletinSequence,
        DeviceTime = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        Uses = uses?.ToArray() ?? [],
        RecentEvents = [],
    });

    /// <summary>Waits until a down message matching <paramref name="match"/> arrived (counting those already here).</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : Message
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            lock (_gate)
            {
                var found = _received.OfType<T>().FirstOrDefault(message => match?.Invoke(message) ?? true);
                if (found is not null)
                {
                    return found;
                }
            }

            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"device {_board.Id} received no matching {typeof(T).Name}; it has: {string.Join("; ", Received())}");
            }
        }
    }

    public IReadOnlyList<Message> Received()
    {
        lock (_gate)
        {
            return [.. _received];
        }
    }

    /// <summary>Forgets the acks already given, so the next delivery of a message is applied afresh (a repaired device).</summary>
    public void ForgetAcks() => _acks.Clear();

    public async ValueTask DisposeAsync() => await DisconnectAsync();

    private async ValueTask OnDownAsync(byte[] frame)
    {
        var message = _decoder.Decode(frame, 0, frame.Length, _secrets.LinkDownKey);
        AckMessage? ack;
        lock (_gate)
        {
            _received.Add(message);
            ack = _acks.TryGetValue(message.MessageId, out var earlier) ? earlier : Apply(message);
            if (ack is not null)
            {
                _acks[message.MessageId] = ack;
            }
        }

        _arrived.Release();
        if (ack is not null)
        {
            await SendAsync(Copy(ack));
            if (AckTwice)
            {
                await SendAsync(Copy(ack));
            }
        }
    }

    private AckMessage? Apply(Message message)
    {
        if (AnswerEverythingWith is { } status && message is not EventReceiptMessage)
        {
            return Plain(message.MessageId, status);
        }

        switch (message)
        {
            case RotateMessage rotate:
                if (RotatesToIgnore > 0)
                {
                    RotatesToIgnore--;
                    return null;
                }

                var key = KeyWrap.Unwrap(_macs, _secrets, Id, rotate.Epoch, rotate.WrappedKey);
                if (rotate.Epoch > ActiveEpoch)
                {
                    BackupEpoch = ActiveEpoch;
                    ActiveEpoch = rotate.Epoch;
                    EpochKeys[rotate.Epoch] = key;
                }

                var proof = _macs.AckProof(key, Id, rotate.Epoch, rotate.MessageId);
                if (ForgeProof)
                {
                    proof[0] ^= 0xff;
                }

                return new AckMessage { AckedMessageId = rotate.MessageId, Status = AckStatus.Applied, Epoch = rotate.Epoch, Proof = proof };
            case CommitMessage commit:
                if (commit.Epoch == ActiveEpoch)
                {
                    BackupEpoch = 0;
                }

                return Plain(commit.MessageId, commit.Epoch == ActiveEpoch ? AckStatus.Applied : AckStatus.Refused);
            case BulletinMessage bulletin:
                var valid = ConstantTime.Equals(_macs.BulletinMac(_secrets.BulletinKey, bulletin), bulletin.Mac) && bulletin.Sequence > BulletinSequence;
                if (valid)
                {
                    BulletinSequence = bulletin.Sequence;
                    LastBulletin = bulletin;
                }

                return Plain(bulletin.MessageId, valid ? AckStatus.Applied : AckStatus.Refused);
            case BindResultMessage bind:
                LastBindResult = bind;
                return Plain(bind.MessageId, AckStatus.Applied);
            case RemoteLockMessage remoteLock:
                // Carried out or armed, as a T-BOX acks it; what it did the test reports as events.
                return Plain(remoteLock.MessageId, AckStatus.Applied);
            case EventReceiptMessage:
                // The answer to an Event batch: kept with what arrived, never acknowledged.
                return null;
            default:
                return Plain(message.MessageId, AckStatus.Unsupported);
        }
    }

    private static AckMessage Plain(uint messageId, AckStatus status) => new() { AckedMessageId = messageId, Status = status, Proof = new byte[Macs.MacLength] };

    private static AckMessage Copy(AckMessage ack) => new() { AckedMessageId = ack.AckedMessageId, Status = ack.Status, Epoch = ack.Epoch, Proof = ack.Proof };
}
