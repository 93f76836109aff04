"""Thanh tra Sở KH&CN Cao Bằng as a unit of Khối thi đua II: an external emulation unit plugin."""
