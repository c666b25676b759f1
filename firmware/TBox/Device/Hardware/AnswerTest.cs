namespace ShareKey.TBox.Device.Hardware
{
    /// <summary>Tells the answer apart from the other lines a UART device sends (echoes, status lines, noise).</summary>
    public delegate bool AnswerTest(string line);
}
