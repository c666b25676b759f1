using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>Code written the board's way passes: the gate must not cry wolf.</summary>
public sealed class CleanCodeTests
{
    [Fact]
    public void Accepts_board_style_code()
    {
        GateRun.AssertAccepted("""
            using System;
            using System.Collections;
            using System.Threading;

            namespace Board
            {
                [Flags]
                public enum Doors : byte
                {
                    None = 0,
                    Front = 0x01,
                    Rear = 0x02,
                }

                public interface IRelay
                {
                    void Pulse(Doors doors);
                }

                public sealed class BoardException : Exception
                {
                    public BoardException(string message)
                        : base(message)
                    {
                    }
                }

                /// <summary>Queues pulses and drives a relay from its own thread.</summary>
                public sealed class RelayQueue
                {
                    private static readonly byte[] Pattern = { 1, 0, 1, 1 };
                    private readonly object _gate = new object();
                    private readonly ArrayList _pending = new ArrayList();
                    private readonly IRelay _relay;
                    private Thread _worker;

                    public RelayQueue(IRelay relay)
                    {
                        _relay = relay;
                    }

                    public int Pending
                    {
                        get
                        {
                            lock (_gate)
                            {
                                return _pending.Count;
                            }
                        }
                    }

                    public void Start()
                    {
                        _worker = new Thread(Run);
                        _worker.Start();
                    }

                    public void Enqueue(Doors doors)
                    {
                        if (doors == Doors.None)
                        {
                            throw new BoardException("nothing to pulse: " + Describe(doors));
                        }

                        lock (_gate)
                        {
                            _pending.Add(doors);
                        }
                    }

                    public static string Describe(Doors doors)
                    {
                        string text = string.Empty;
                        foreach (byte step in Pattern)
                        {
                            text += step.ToString();
                        }

                        switch (text)
                        {
                            case "1011": return "pattern " + text + " for " + ((byte)doors).ToString();
                            default: return text;
                        }
                    }

                    public override string ToString()
                    {
                        return "RelayQueue pending=" + Pending + " at " + DateTime.UtcNow.Ticks;
                    }

                    private void Run()
                    {
                        while (true)
                        {
                            object next = null;
                            lock (_gate)
                            {
                                if (_pending.Count > 0)
                                {
                                    next = _pending[0];
                                    _pending.RemoveAt(0);
                                }
                            }

                            if (next != null)
                            {
                                _relay.Pulse((Doors)next);
                            }

                            Thread.Sleep(10);
                        }
                    }
                }
            }
            """);
    }
}
