| A2065 end to end from the guest: boots under AROS, finds the board AROS configured with
| expansion.library FindConfigDev(514, 112), then drives the LANCE by polling as a driver
| would (STOP, IADR, BSWP, init block and rings in the board's RAM, INIT/IDON, STRT), sends an
| ARP request for the slirp gateway 10.0.2.2 and waits for the reply in the receive ring.
| Results at RES (longs/words, see below); RES+36 = $c0de00aa when done.
        .include "common.i"
        .set    RES, 0x7fe00
        .set    INTREQR, 0x01e
        BOOTBLOCK
start:  lea     RES,%a4
        lea     expname(%pc),%a1
        moveq   #0,%d0
        jsr     -552(%a6)               | exec OpenLibrary
        move.l  %d0,(%a4)               | +0 ExpansionBase
        beq     done
        move.l  %d0,%a6
        sub.l   %a0,%a0
        move.l  #514,%d0
        moveq   #112,%d1
        jsr     -72(%a6)                | expansion FindConfigDev(NULL, 514, 112)
        move.l  %d0,4(%a4)              | +4 ConfigDev
        beq     done
        move.l  %d0,%a0
        move.l  32(%a0),%a3             | cd_BoardAddr
        move.l  %a3,8(%a4)              | +8 board address
        move.l  22(%a0),12(%a4)         | +12 cd_Rom.er_SerialNumber
        TAKEOVER
        lea     0x4000(%a3),%a1         | RDP; RAP at 2(a1)
        move.l  %a3,%a2
        add.l   #0x8000,%a2             | buffer RAM (LANCE address $8000)
        clr.w   2(%a1)
        move.w  #0x0004,(%a1)           | STOP
        move.w  #1,2(%a1)
        move.w  #0x8000,(%a1)           | CSR1: init block at LANCE $8000
        move.w  #2,2(%a1)
        clr.w   (%a1)
        move.w  #3,2(%a1)
        move.w  #0x0004,(%a1)           | CSR3: BSWP
        clr.w   2(%a1)
| init block: MODE 0, PADR 00:80:10 + serial bits 23-0 (bytes swapped per word), LADRF 0
        clr.w   (%a2)
        move.w  #0x8000,2(%a2)
        move.b  13(%a4),4(%a2)
        move.b  #0x10,5(%a2)
        move.b  15(%a4),6(%a2)
        move.b  14(%a4),7(%a2)
        clr.l   8(%a2)
        clr.l   12(%a2)
        move.w  #0x8040,16(%a2)         | RDRA $8040, RLEN 4
        move.w  #0x4000,18(%a2)
        move.w  #0x8080,20(%a2)         | TDRA $8080, TLEN 1
        clr.w   22(%a2)
        lea     0x40(%a2),%a0           | four receive descriptors, 1536-byte buffers at $8100..
        move.w  #0x8100,%d0
        moveq   #3,%d1
1:      move.w  %d0,(%a0)+
        move.w  #0x8000,(%a0)+          | OWN
        move.w  #0xfa00,(%a0)+          | -1536
        clr.w   (%a0)+
        add.w   #0x600,%d0
        dbf     %d1,1b
| the ARP request at $9900 (RAM + $1900)
        lea     0x1900(%a2),%a0
        lea     arp(%pc),%a5
        moveq   #59,%d1
2:      move.b  (%a5)+,(%a0)+
        dbf     %d1,2b
        lea     0x1900(%a2),%a0
        move.b  #0x00,6(%a0)
        move.b  #0x80,7(%a0)
        move.b  #0x10,8(%a0)
        move.b  13(%a4),9(%a0)
        move.b  14(%a4),10(%a0)
        move.b  15(%a4),11(%a0)
        move.l  6(%a0),22(%a0)          | sender hardware address
        move.w  10(%a0),26(%a0)
        move.w  #0x9900,0x80(%a2)       | TMD0
        move.w  #0xffc4,0x84(%a2)       | -60
        clr.w   0x86(%a2)
        move.w  #0x0001,(%a1)           | INIT
        move.l  #100000,%d2
3:      move.w  (%a1),%d0
        btst    #8,%d0                  | IDON
        bne.s   4f
        subq.l  #1,%d2
        bne.s   3b
4:      move.w  #0x0100,(%a1)           | clear IDON
        move.w  #0x0042,(%a1)           | INEA | STRT
        move.w  (%a1),16(%a4)           | +16 CSR0 running
        move.w  #0x8300,0x82(%a2)       | OWN | STP | ENP
        move.w  #0x0048,(%a1)           | INEA | TDMD
        move.w  (%a1),18(%a4)           | +18 CSR0 after the transmit
        move.w  #0x0240,(%a1)           | clear TINT
        lea     CUSTOM,%a5
        move.w  #0x0008,INTREQ(%a5)     | clear PORTS left from TINT
        move.l  #2000000,%d2
5:      btst    #7,0x42(%a2)            | RMD1 OWN
        beq.s   6f
        subq.l  #1,%d2
        bne.s   5b
6:      move.w  (%a1),20(%a4)           | +20 CSR0 after the reception
        move.w  0x42(%a2),22(%a4)       | +22 RMD1
        move.w  0x46(%a2),24(%a4)       | +24 MCNT
        move.w  INTREQR(%a5),26(%a4)    | +26 INTREQR (PORTS from the LANCE's INTR)
        move.w  0x114(%a2),28(%a4)      | +28 ARP opcode of the reply
        move.l  0x11c(%a2),30(%a4)      | +30 the reply's sender IP
        move.w  #0x0400,(%a1)           | clear RINT
        move.w  (%a1),34(%a4)           | +34 CSR0
        move.l  #0xc0de00aa,36(%a4)
done:   bra.s   done

expname: .asciz "expansion.library"
        .even
arp:    .byte   0xff,0xff,0xff,0xff,0xff,0xff, 0,0,0,0,0,0, 0x08,0x06
        .byte   0x00,0x01, 0x08,0x00, 6, 4, 0x00,0x01
        .byte   0,0,0,0,0,0, 10,0,2,15
        .byte   0,0,0,0,0,0, 10,0,2,2
        .fill   18,1,0
