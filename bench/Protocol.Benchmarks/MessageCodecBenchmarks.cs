using BenchmarkDotNet.Attributes;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Benchmarks;

/// <summary>
/// Encode and decode of each message shape. MQTT shapes include their link MAC: the encoder
/// computes it and the decoder checks it before parsing, one HMAC each way.
/// </summary>
[MemoryDiagnoser]
public class MessageCodecBenchmarks
{
    private readonly Macs _macs = new(BenchMessages.Crypto);
    private MessageEncoder _encoder = null!;
    private MessageDecoder _decoder = null!;
    private Message _message = null!;
    private byte[]? _linkKey;
    private byte[] _frame = null!;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    public static IEnumerable<string> Shapes => BenchMessages.ByName.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _encoder = new MessageEncoder(_macs);
        _decoder = new MessageDecoder(_macs);
        _message = BenchMessages.ByName[Shape]();
        var type = (byte)_message.Type;
        _linkKey = Frame.IsLinkType(type) ? (type < 0x20 ? BenchMessages.Secrets.LinkDownKey : BenchMessages.Secrets.LinkUpKey) : null;
        _frame = Encode();
    }

    [Benchmark]
    public byte[] Encode() => _linkKey is null ? _encoder.Encode(_message) : _encoder.Encode(_message, _linkKey);

    [Benchmark]
    public Message Decode() =>
        _linkKey is null ? _decoder.Decode(_frame, 0, _frame.Length) : _decoder.Decode(_frame, 0, _frame.Length, _linkKey);
}
