/**
 * Passwords people choose most, lower case, as data: leaked-password rankings (international
 * and Chinese sites) cut to what the other rules would let through (8 characters or more, letters
 * and digits both). `COMMON_WORDS` are the stems those lists build on: a password that is one of
 * them with only digits or symbols before or after it is just as common (`password2026`,
 * `woaini520`, `1314woaini`); shorter stems (`qq`, `li`) fall to the rule on one or two letters.
 */

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword1 pa55word pa55w0rd
passw0rd1 password01 password2 password8 mypassword1 qwerty12 qwerty123 qwerty1234 qwerty12345
qwe12345 qwe123456 qwer1234 qwert123 qwert12345 qwerty1! qwerty01 1qaz2wsx 1qaz2wsx3edc 1q2w3e4r
1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 zaq12wsx zaq1xsw2 1qazxsw2 2wsx3edc
3edc4rfv 1qaz@wsx zxcv1234 zxc12345 zxc123456 zxcvbnm1 zxcvbnm123 asdf1234 asd12345 asd123456
asdfgh123 asdfghjkl1 asdf12345 abc12345 abc123456 abc1234567 abc123456789 abcd1234 abcd12345
abcd123456 abcde123 abcde12345 abcdef12 abcdef123 abcdefg1 abcdefg123 a1234567 a12345678
a123456789 a1234567890 aa123456 aa12345678 aaa12345 aaa123456 a1b2c3d4 a1b2c3d4e5 a1s2d3f4
1a2b3c4d 12345678a 123456789a 1234567a 1234567890a 123456aa 123456abc 12345abc 1234abcd
12345678abc 123abc123 abc123abc 12345qwe 123qwe123 qwe123qwe 123456qwe 123456qq qq123456
qq1234567 qq12345678 qq123456789 woaini1314 woaini520 woaini521 woaini123 woaini1234 woaini12
woaini123456 woaini5201314 woaiwojia1 5201314a 1314520a a5201314 a1314520 5201314abc abc5201314
iloveyou1 iloveyou2 iloveyou12 iloveyou123 ilove123 iloveu123 iloveyou520 love1234 love12345
love1314 love5201314 loveyou1 loveyou123 letmein1 letmein123 welcome1 welcome12 welcome123
admin123 admin1234 admin12345 admin123456 admin888 administrator1 root1234 root12345 test1234
test12345 test123456 guest123 user1234 user12345 hello123 hello1234 hello12345 monkey123
dragon123 dragon12 master123 master12 sunshine1 princess1 football1 baseball1 superman1
batman123 michael1 jordan23 shadow12 shadow123 trustno1 whatever1 freedom1 computer1 internet1
starwars1 pokemon1 charlie1 jessica1 ashley123 nicole123 daniel123 liverpool1 chelsea1
arsenal1 summer123 spring123 winter123 china123 china1234 china2008 china2020 beijing2008
beijing123 shanghai1 shanghai123 huawei123 xiaomi123 apple123 google123 baidu123 taobao123
wangyi123 weixin123 wechat123 qazwsx123 qazwsxedc1 qweasd123 qweasdzxc1 qweasdzxc123 asdasd123
asdqwe123 zxcasd123 147258369a a147258369 789456123a a789456123 a123123123 123123123a a123123a
aa123123 abc123123 123123abc 1111111a 11111111a a11111111 aaa111111 a0000000 a00000000 88888888a
a88888888 66666666a a66666666 5211314a qwerty123! asdf;lkj a1234567! 1234qwer 1234asdf
1234zxcv qwer4321 4321rewq 147258abc abc147258 159357abc abc159357 123654abc 321654abc
zhang123 zhangwei1 zhangwei123 wangwei1 wangwei123 wangfang1 liwei123 lina1234 liuwei123
zhangmin1 lijing123 wangjing1 liuyang123 chenjing1 yangyang1 xiaoming1 xiaohong1 laoshi123
jiaoshi123 teacher1 teacher123 student1 student123 school123 xuexiao1 xuesheng1 banzhuren1
xiaozhang1 hunan123 hunan2026 yueyang123 huarong123 huarong888 abc888888 abc666666 a8888888
a6666666 a5555555 a7777777 a9999999 aa888888 aa666666 qq888888 qq666666 woaini88 woaini888
wo123456 wo1234567 ab123456 ab12345678 abc000000 zz123456 zz12345678 xx123456 ll123456
sb123456 cc123456 dd123456 ss123456 qw123456 as123456 zx123456 1234567q 12345678q
123456789q 1234567z 12345678z 123456789z 12345678x 12345678s 12345678w 12345678l
`
    .split(/\s+/)
    .filter((word) => word !== ""),
);

export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `
password passwd pass passw0rd qwerty qwert qwer qwe qweasd qweasdzxc asdf asd zxcv zxc qaz qazwsx
qazwsxedc asdfgh asdfghjkl zxcvbnm qwertyuiop abc abcd abcde abcdef abcdefg admin administrator
root test guest user login welcome hello love iloveyou iloveu loveyou woaini aini woaiwojia monkey
dragon master sunshine princess football baseball superman batman shadow letmein trustno whatever
freedom computer internet china beijing shanghai huawei xiaomi apple google baidu taobao aaa wang
zhang liu chen yang huang zhao zhou sun zhu guo gao lin luo zheng liang xie song tang han feng
deng cao peng zeng xiao tian dong pan yuan cai jiang cheng wei ding ren shen yao zhong cui tan
zhangwei wangwei wangfang liwei lina zhangmin lijing wangjing liuwei wangxiuying zhangxiuying
lixiuying wangli zhangli liuyang chenjing yangyang xiaoming xiaohong teacher laoshi jiaoshi school
xuexiao student xuesheng banzhuren xiaozhang hunan yueyang huarong
`
    .split(/\s+/)
    .filter((word) => word !== ""),
);
