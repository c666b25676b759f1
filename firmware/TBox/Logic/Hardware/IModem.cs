namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// The cellular modem, asked only for the IMSI of its SIM (R4): a changed IMSI means the
    /// modem or T-BOX was replaced and the VIN must be bound again. On the board, an AT command
    /// (AT+CIMI); in the simulator, an IMSI from the options. Called with the logic's lock held, at
    /// boot and then at most once per retry interval until it answers.
    /// </summary>
    public interface IModem
    {
        /// <summary>The IMSI's digits as the modem reports them, or null while the modem or SIM is not ready.</summary>
        string ReadImsi();
    }
}
