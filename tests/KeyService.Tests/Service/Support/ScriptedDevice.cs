using ShareKey.Firmware.Board;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Simulator.Hardware;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// A device on the service's broker whose state is the boards' own core: the key state
/// (<see cref="DeviceKeyState"/>, over flash in memory) and the <see cref="DownlinkHandler"/> that
/// applies Rotate, Commit, Bulletin and TimeSync and answers each with its Ack, as the T-BOX and the
/// simulator run them. What the test scripts is the link, not the device: it logs in with the board
/// file's credentials, decides when up messages go (KeyReports from the real state, or any message
/// it builds), and can make the link misbehave — lose Rotates on the way down, forge the proof or
/// send an Ack twice on the way up, or stand in for a broken board that answers every down message
/// with one status without applying it.
/// </summary>
public sealed class ScriptedDevice : IAsyncDisposable
{
    /// <summary>The lock-out the boards' configuration files default to (docs/board-config.md): 5 failures in 60 s lock a key for 300 s.</summary>
    private static readonly LockOutPolicy BoardLockOut = new(5, 60, 300);

    private readonly BoardFile _board;
    private readonly Macs _macs;
    private readonly MessageEncoder _encoder;
    private readonly MessageDecoder _decoder;
    private readonly DownlinkHandler _downlink;
    private readonly List<Message> _received = [];
    private readonly List<AckMessage> _held = [];
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>
    /// Held by whatever uses the device's core, as a board's controller holds its one lock: the test's
    /// thread framing what goes up, the MQTT client's decoding what comes down and answering it. The
    /// encoder, the decoder and the downlink handler share one <see cref="Macs"/>, whose input buffer
    /// is reused by every MAC it computes: two threads in it at once put out a frame whose link MAC
    /// does not verify, which the service drops as forged.
    /// </summary>
    private readonly object _gate = new();
    private MqttClient? _client;
    private uint _nextUplinkId = 1;

    public ScriptedDevice(BoardFile board)
    {
        _board = board;
        var crypto = new DotNetCryptoProvider();
        _macs = new Macs(crypto);
        Secrets = new DeviceSecrets(_macs, board.RootKey);
        _encoder = new MessageEncoder(_macs);
        _decoder = new MessageDecoder(_macs);
        State = new DeviceKeyState(board.DeviceId, new DurableRecord(new MemorySlots(CoreParts.StateSlotBytes)), new HostClock(), crypto, BoardLockOut);
        State.Open();
        _downlink = new DownlinkHandler(State, _macs, Secrets, remoteLock: new RemoteLockAnswer(), bindResult: new BindAnswer());
    }

    public ulong Id => _board.DeviceId;

    /// <summary>The device's key state; read it under <see cref="Read{T}"/> while the link may be applying a message.</summary>
    private DeviceKeyState State { get; }

    public uint ActiveEpoch => Read(state => state.Epochs.ActiveEpoch);

    public uint BackupEpoch => Read(state => state.Epochs.BackupEpoch);

    public uint BulletinSequence => Read(state => state.Bulletin.Sequence);

    /// <summary>How many coming Rotates the link loses on the way down (the device never sees them, so no Ack).</summary>
    public int RotatesToIgnore { get; set; }

    /// <summary>The link flips a bit of every Rotate Ack's proof on the way up (the device's own Ack stays true).</summary>
    public bool ForgeProof { get; set; }

    /// <summary>Every Ack goes up twice, each with its own uplink id.</summary>
    public bool AckTwice { get; set; }

    /// <summary>A slow board or radio: each Ack goes up this long after its message arrived.</summary>
    public TimeSpan AckDelay { get; set; }

    /// <summary>A broken or hostile board: every down message is answered with this status and nothing reaches the device.</summary>
    public AckStatus? AnswerEverythingWith { get; set; }

    /// <summary>Acks are kept (<see cref="TakeHeldAcks"/>) instead of sent: the device applies what it receives, the test decides when its answers go up, and how.</summary>
    public bool HoldAcks { get; set; }

    public DeviceSecrets Secrets { get; }

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

    /// <summary>Reads the device's state while no down message is being applied.</summary>
    public T Read<T>(Func<DeviceKeyState, T> read)
    {
        lock (_gate)
        {
            return read(State);
        }
    }

    /// <summary>The key of a held epoch, or null: what the device unwrapped from a Rotate.</summary>
    public byte[]? EpochKey(uint epoch) => Read(state => state.EpochKey(epoch));

    /// <summary>Counts a use of <paramref name="token"/>'s key as the unlock session does for an accepted command.</summary>
    public void RecordUse(KeyToken token)
    {
        lock (_gate)
        {
            Assert.True(State.RecordUse(token), $"the device found no room to count key {token.KeyId:x16}");
            State.Save();
        }
    }

    /// <summary>Publishes <paramref name="message"/> with a fresh uplink id (or the given one, to replay).</summary>
    public async Task<uint> SendAsync(Message message, uint? messageId = null)
    {
        await SendFrameAsync(Frame(message, messageId));
        return message.MessageId;
    }

    /// <summary>The up frame of <paramref name="message"/> with a fresh uplink id (or the given one), as the device would publish it.</summary>
    public byte[] Frame(Message message, uint? messageId = null)
    {
        lock (_gate)
        {
            message.MessageId = messageId ?? ++_nextUplinkId;
            return _encoder.Encode(message, Secrets.LinkUpKey);
        }
    }

    /// <summary>The Acks held back so far (<see cref="HoldAcks"/>), oldest first; they are no longer held.</summary>
    public IReadOnlyList<AckMessage> TakeHeldAcks()
    {
        lock (_gate)
        {
            var held = _held.ToList();
            _held.Clear();
            return held;
        }
    }

    public Task SendFrameAsync(byte[] frame) =>
        (_client ?? throw new InvalidOperationException("offline")).PublishAsync($"sk/{_board.Id}/up", frame, MqttQualityOfService.AtLeastOnce);

    /// <summary>The KeyReport the device's state makes (epochs, bulletin, clock, counted uses), as the board sends it.</summary>
    public Task SendKeyReportAsync() => SendAsync(Read(state => state.ToKeyReport([])));

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

    public async ValueTask DisposeAsync() => await DisconnectAsync();

    private async ValueTask OnDownAsync(byte[] frame)
    {
        AckMessage? ack;
        lock (_gate)
        {
            var message = _decoder.DecodeDown(frame, 0, frame.Length, Secrets.LinkDownKey);
            _received.Add(message);
            ack = Answer(message);
            if (ack is not null && HoldAcks)
            {
                _held.Add(ack);
                ack = null;
            }
        }

        _arrived.Release();
        if (ack is not null)
        {
            if (AckDelay > TimeSpan.Zero)
            {
                await Task.Delay(AckDelay);
            }

            await SendAsync(ack);
            if (AckTwice)
            {
                await SendAsync(Copy(ack, ack.Proof));
            }
        }
    }

    /// <summary>The Ack that goes up for <paramref name="message"/>, or null when none does; called under the gate.</summary>
    private AckMessage? Answer(Message message)
    {
        if (message is EventReceiptMessage)
        {
            // The answer to an Event batch: kept with what arrived, never acknowledged.
            return null;
        }

        if (AnswerEverythingWith is { } status)
        {
            return new AckMessage { AckedMessageId = message.MessageId, Status = status, Proof = new byte[Macs.MacLength] };
        }

        if (message is RotateMessage && RotatesToIgnore > 0)
        {
            RotatesToIgnore--;
            return null;
        }

        var ack = _downlink.Handle(message);
        if (ForgeProof && message is RotateMessage)
        {
            var forged = (byte[])ack.Proof.Clone();
            forged[0] ^= 0xff;
            return Copy(ack, forged);
        }

        // The handler hands back the Ack it remembers for a repeated message: the uplink sends a copy.
        return Copy(ack, ack.Proof);
    }

    private static AckMessage Copy(AckMessage ack, byte[] proof) => new() { AckedMessageId = ack.AckedMessageId, Status = ack.Status, Epoch = ack.Epoch, Proof = proof };

    /// <summary>
    /// The T-BOX's binding as far as the cloud can see it: a BindResult is applied (the board's
    /// VinBinding clears its pending flag). The binding's own rules are the firmware tests' subject;
    /// here the test sends the BindRequests itself.
    /// </summary>
    private sealed class BindAnswer : IBindResultHandler
    {
        public AckStatus Apply(BindResultMessage message) => AckStatus.Applied;
    }

    /// <summary>A RemoteLock carried out or armed, as a T-BOX acks it; what it did the test reports as events.</summary>
    private sealed class RemoteLockAnswer : IRemoteLockHandler
    {
        public AckStatus Apply(RemoteLockMessage message) => AckStatus.Applied;
    }
}
