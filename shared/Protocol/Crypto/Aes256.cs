namespace ShareKey.Protocol.Crypto
{
    /// <summary>
    /// AES-256 (FIPS-197) in portable managed code, with CBC without padding on top. The board
    /// needs it because nanoFramework's native Aes only sets up AES-128 (see NanoCryptoProvider);
    /// the host uses .NET's AES and tests hold this class to it and to the FIPS and NIST vectors.
    /// The S-boxes are computed from their definition (inverse in GF(2^8), then the affine map)
    /// rather than transcribed. Table lookups are not constant-time; that is acceptable here
    /// because the device decrypts only wrapped keys whose tag has already verified, so an attacker
    /// cannot submit chosen ciphertexts to time.
    /// </summary>
    public sealed class Aes256
    {
        public const int KeyLength = 32;
        public const int BlockLength = 16;
        private const int Rounds = 14;

        private static readonly byte[] SBox = new byte[256];
        private static readonly byte[] InverseSBox = new byte[256];

        private readonly byte[] _roundKeys = new byte[BlockLength * (Rounds + 1)];
        private readonly byte[] _state = new byte[BlockLength];
        private readonly byte[] _scratch = new byte[BlockLength];

        static Aes256()
        {
            for (int x = 0; x < 256; x++)
            {
                int b = Inverse((byte)x);
                int s = b ^ RotateLeft(b, 1) ^ RotateLeft(b, 2) ^ RotateLeft(b, 3) ^ RotateLeft(b, 4) ^ 0x63;
                SBox[x] = (byte)s;
                InverseSBox[s & 0xFF] = (byte)x;
            }
        }

        public Aes256(byte[] key)
        {
            if (key == null || key.Length != KeyLength)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-256 needs a 32-byte key");
            }

            ExpandKey(key);
        }

        /// <summary>CBC encryption without padding of data[offset, offset+count); count is a multiple of 16.</summary>
        public static byte[] CbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            CheckCbc(iv, count);
            Aes256 aes = new Aes256(key);
            byte[] output = new byte[count];
            byte[] chain = new byte[BlockLength];
            System.Array.Copy(iv, 0, chain, 0, BlockLength);
            for (int block = 0; block < count; block += BlockLength)
            {
                for (int i = 0; i < BlockLength; i++)
                {
                    chain[i] ^= data[offset + block + i];
                }

                aes.EncryptBlock(chain, 0, output, block);
                System.Array.Copy(output, block, chain, 0, BlockLength);
            }

            aes.Clear();
            return output;
        }

        /// <summary>CBC decryption without padding of data[offset, offset+count); count is a multiple of 16.</summary>
        public static byte[] CbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            CheckCbc(iv, count);
            Aes256 aes = new Aes256(key);
            byte[] output = new byte[count];
            for (int block = 0; block < count; block += BlockLength)
            {
                aes.DecryptBlock(data, offset + block, output, block);
                for (int i = 0; i < BlockLength; i++)
                {
                    output[block + i] ^= block == 0 ? iv[i] : data[offset + block - BlockLength + i];
                }
            }

            aes.Clear();
            return output;
        }

        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            System.Array.Copy(input, inputOffset, _state, 0, BlockLength);
            AddRoundKey(0);
            for (int round = 1; round <= Rounds; round++)
            {
                for (int i = 0; i < BlockLength; i++)
                {
                    _state[i] = SBox[_state[i]];
                }

                ShiftRows(1);
                if (round != Rounds)
                {
                    MixColumns();
                }

                AddRoundKey(round);
            }

            System.Array.Copy(_state, 0, output, outputOffset, BlockLength);
        }

        public void DecryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            System.Array.Copy(input, inputOffset, _state, 0, BlockLength);
            AddRoundKey(Rounds);
            for (int round = Rounds - 1; round >= 0; round--)
            {
                ShiftRows(3);
                for (int i = 0; i < BlockLength; i++)
                {
                    _state[i] = InverseSBox[_state[i]];
                }

                AddRoundKey(round);
                if (round != 0)
                {
                    InverseMixColumns();
                }
            }

            System.Array.Copy(_state, 0, output, outputOffset, BlockLength);
        }

        /// <summary>Overwrites the key schedule and state, so no key material lingers on the heap.</summary>
        public void Clear()
        {
            Zero(_roundKeys);
            Zero(_state);
            Zero(_scratch);
        }

        private void ExpandKey(byte[] key)
        {
            System.Array.Copy(key, 0, _roundKeys, 0, KeyLength);
            byte roundConstant = 1;
            byte[] word = new byte[4];
            for (int i = KeyLength / 4; i < _roundKeys.Length / 4; i++)
            {
                System.Array.Copy(_roundKeys, (i - 1) * 4, word, 0, 4);
                if (i % 8 == 0)
                {
                    byte first = word[0];
                    word[0] = (byte)(SBox[word[1]] ^ roundConstant);
                    word[1] = SBox[word[2]];
                    word[2] = SBox[word[3]];
                    word[3] = SBox[first];
                    roundConstant = Times2(roundConstant);
                }
                else if (i % 8 == 4)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        word[j] = SBox[word[j]];
                    }
                }

                for (int j = 0; j < 4; j++)
                {
                    _roundKeys[(i * 4) + j] = (byte)(_roundKeys[((i - 8) * 4) + j] ^ word[j]);
                }
            }
        }

        private void AddRoundKey(int round)
        {
            int offset = round * BlockLength;
            for (int i = 0; i < BlockLength; i++)
            {
                _state[i] ^= _roundKeys[offset + i];
            }
        }

        /// <summary>Row r moves left by r positions (encryption, shift 1) or right by r (decryption, shift 3).</summary>
        private void ShiftRows(int shift)
        {
            System.Array.Copy(_state, 0, _scratch, 0, BlockLength);
            for (int column = 0; column < 4; column++)
            {
                for (int row = 1; row < 4; row++)
                {
                    _state[row + (4 * column)] = _scratch[row + (4 * ((column + (row * shift)) % 4))];
                }
            }
        }

        private void MixColumns()
        {
            for (int c = 0; c < BlockLength; c += 4)
            {
                byte a0 = _state[c], a1 = _state[c + 1], a2 = _state[c + 2], a3 = _state[c + 3];
                _state[c] = (byte)(Times2(a0) ^ Times2(a1) ^ a1 ^ a2 ^ a3);
                _state[c + 1] = (byte)(a0 ^ Times2(a1) ^ Times2(a2) ^ a2 ^ a3);
                _state[c + 2] = (byte)(a0 ^ a1 ^ Times2(a2) ^ Times2(a3) ^ a3);
                _state[c + 3] = (byte)(Times2(a0) ^ a0 ^ a1 ^ a2 ^ Times2(a3));
            }
        }

        private void InverseMixColumns()
        {
            for (int c = 0; c < BlockLength; c += 4)
            {
                byte a0 = _state[c], a1 = _state[c + 1], a2 = _state[c + 2], a3 = _state[c + 3];
                _state[c] = (byte)(Multiply(a0, 14) ^ Multiply(a1, 11) ^ Multiply(a2, 13) ^ Multiply(a3, 9));
                _state[c + 1] = (byte)(Multiply(a0, 9) ^ Multiply(a1, 14) ^ Multiply(a2, 11) ^ Multiply(a3, 13));
                _state[c + 2] = (byte)(Multiply(a0, 13) ^ Multiply(a1, 9) ^ Multiply(a2, 14) ^ Multiply(a3, 11));
                _state[c + 3] = (byte)(Multiply(a0, 11) ^ Multiply(a1, 13) ^ Multiply(a2, 9) ^ Multiply(a3, 14));
            }
        }

        private static void CheckCbc(byte[] iv, int count)
        {
            if (iv == null || iv.Length != BlockLength)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-CBC needs a 16-byte IV");
            }

            if (count < 0 || count % BlockLength != 0)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-CBC without padding needs whole 16-byte blocks");
            }
        }

        /// <summary>Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1.</summary>
        private static byte Times2(byte a)
        {
            return (byte)((a << 1) ^ ((a & 0x80) != 0 ? 0x1B : 0));
        }

        private static byte Multiply(byte a, int b)
        {
            byte product = 0;
            while (b != 0)
            {
                if ((b & 1) != 0)
                {
                    product ^= a;
                }

                a = Times2(a);
                b >>= 1;
            }

            return product;
        }

        /// <summary>The multiplicative inverse in GF(2^8): a^254; 0 maps to 0 by convention.</summary>
        private static int Inverse(byte a)
        {
            byte result = 1;
            byte power = a;
            for (int exponent = 254; exponent != 0; exponent >>= 1)
            {
                if ((exponent & 1) != 0)
                {
                    result = Multiply(result, power);
                }

                power = Multiply(power, power);
            }

            return a == 0 ? 0 : result;
        }

        private static int RotateLeft(int b, int bits)
        {
            return ((b << bits) | (b >> (8 - bits))) & 0xFF;
        }

        private static void Zero(byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = 0;
            }
        }
    }
}
